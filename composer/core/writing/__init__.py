"""Writing aids (issue 14) without Qt: spelling's words to skip, emoji names, snippets and hashtag groups against
each network's limits, templates, a word-level diff of earlier versions, and the networks' share addresses."""
