"""The main window: drafts | editor | checklist, its menus, and how a draft is saved while typing goes on."""
