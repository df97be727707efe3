"""Occupation coding: free-text job titles to the 2022 occupational classification (职业分类大典).

The coder itself (`rules`, `coder`, `model`) needs no Django: the command line codes a batch
without starting it. See docs/occupation-coding.md.
"""
