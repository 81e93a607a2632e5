"""China's administrative divisions: a small gazetteer shipped with qscore.

See :mod:`qscore.regions.gazetteer`.
"""
