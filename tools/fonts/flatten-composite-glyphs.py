#!/usr/bin/python3
"""Rewrites every composite glyph of a TrueType font as a simple glyph with the same outline.

Why: PDFsharp 6.2.4 (the MIT version we stay on) subsets fonts with a single pass over composite glyphs
(empira/PDFsharp#348), so a composite whose component is itself composite loses the inner parts: in DejaVu Sans Bold
"ộ" is "ọ" + circumflex and "ọ" is "o" + dot below, and the ticket title showed "Ṇ̂i" for "Nội" whenever no plain "o"
was printed in bold elsewhere. With no composites left there is nothing to resolve. The outlines are unchanged; the
hinting instructions of the rewritten glyphs are dropped (PDF viewers rasterise without them anyway).

Usage: /usr/bin/python3 tools/fonts/flatten-composite-glyphs.py IN.ttf OUT.ttf   (Debian: apt-get install python3-fonttools)
"""
import sys

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

source, target = sys.argv[1], sys.argv[2]
font = TTFont(source)
glyph_set = font.getGlyphSet()
glyf = font["glyf"]
flattened = 0
for name in font.getGlyphOrder():
    if glyf[name].isComposite():
        recording = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(pen)
        glyf[name] = pen.glyph()
        flattened += 1
font["maxp"].maxComponentElements = 0
font["maxp"].maxComponentDepth = 0
font.save(target)
print(f"{source}: {flattened} composite glyphs flattened into {target}")
