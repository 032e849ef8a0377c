"""Planning the week and weighing the return (issue 13): the window's side of ``composer/core/planning``."""
