#!/bin/sh
# Rebuilds the PDF's embedded fonts (src/ui/briefing/fonts): DejaVu Sans from the
# dejavu-fonts-ttf package, cut down to the letters European names need (Latin with its
# extensions, Greek, Cyrillic) and common punctuation, so the report loads ~1.4 MB less.
# Needs pyftsubset (Debian: apt-get install fonttools). DejaVu's licence: fonts/LICENSE.
set -eu
src=node_modules/dejavu-fonts-ttf/ttf
out=src/ui/briefing/fonts
ranges='U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+1F00-1FFF,U+2000-206F,U+20A0-20BF,U+2100-2122,U+2190-21FF,U+2212,U+2248,U+2260-2265,U+25A0-25CF,U+2713,U+FFFD'
for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$src/$face.ttf" --unicodes="$ranges" --no-hinting --name-IDs='*' \
    --layout-features='*' --output-file="$out/$face.ttf"
done
cp node_modules/dejavu-fonts-ttf/LICENSE "$out/LICENSE"
