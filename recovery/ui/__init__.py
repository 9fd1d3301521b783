"""The Kivy user interface: the only package that imports Kivy.

Importing ``recovery.ui`` itself imports nothing, so tests can collect without a window.
"""
