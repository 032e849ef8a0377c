"""The photo strip under the post: adding, ordering, alt text, who is in a photo, crops per network."""
