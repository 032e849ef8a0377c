"""Photos: ``library.py`` keeps them by content hash and in drafts' order (with Undo); ``people.py`` says who
is in them; ``removal.py`` removes them for good; ``images.py`` reads files safely; ``crops.py`` keeps a crop
or mat per network; ``renditions.py`` makes each network's image, ``encoding.py`` its file within the limit;
``colour.py`` gets colours to sRGB through LittleCMS."""
