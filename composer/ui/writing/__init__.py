"""Writing aids (issue 14): spelling, emoji, snippets and hashtag groups, templates, earlier versions, the network's
own composer. The window's side; what can be decided without Qt lives in ``composer/core/writing``."""
