"""The media-monitoring engine: plain Python on plain data, no Django import.

``pipeline.analyse`` turns one article (pasted text or HTML) into structured fields; ``stories.StoryIndex``
groups analysed articles into stories. The Django app (``deskpilkada.media``) loads inputs (the region tree,
the stage calendar) from the database, calls the engine and stores the results.
"""
