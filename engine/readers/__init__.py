"""Document readers: each a plugin that turns a file's bytes into the text qscore scores.

For text and Markdown the text is the decoded file; for HTML, Word and PDF it is the text
qscore extracts (the main text of a page, the paragraphs and tables of a .docx, the text layer
of a PDF): evidence offsets count in that text, which `qscore text FILE` prints.
"""
