"""Getting a post out: copy text or a photo, export to a folder, preview per network, mark as published."""
