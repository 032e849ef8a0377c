"""The drafts list: search as you type, the trash, a draft's status at a glance."""
