"""Planning the week and weighing the return (issue 13): a draft's stage, planned moments per network, the time
spent writing, what each publication brought, takedowns to do, the report and the anonymised statistics."""
