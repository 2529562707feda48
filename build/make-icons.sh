#!/bin/sh
# Regenerates the app and tray icons with ImageMagick. The PNGs are committed; run this
# only after changing the drawing. Usage: sh build/make-icons.sh (from the repository root).
set -eu
cd "$(dirname "$0")/.."
mkdir -p build/icons resources/tray
# ImageMagick 7 is `magick`; Debian's 6 also installs `convert-im6.q16` (safe from PATH shims).
IM=$(command -v magick || command -v convert-im6.q16 || command -v convert)

# App icon: a flame-orange rounded square with a white flame drawn from two curves.
"$IM" -size 1024x1024 xc:none \
  -fill '#e8772e' -draw 'roundrectangle 64,64 960,960 180,180' \
  -fill white -draw "path 'M 512,176 C 640,336 752,448 752,624 C 752,768 640,864 512,864 C 384,864 272,768 272,624 C 272,512 336,432 400,368 C 408,464 448,528 512,560 C 496,432 480,304 512,176 Z'" \
  -fill '#e8772e' -draw "path 'M 512,608 C 576,672 624,720 624,776 C 624,832 576,864 512,864 C 448,864 400,832 400,776 C 400,720 448,672 512,608 Z'" \
  -resize 512x512 -strip build/icon.png
for size in 16 24 32 48 64 128 256 512; do
  "$IM" build/icon.png -resize "${size}x${size}" -strip "build/icons/${size}x${size}.png"
done
cp build/icons/256x256.png resources/icon.png

# Tray icons: one per state, drawn at 64 px then reduced to 16 px and 32 px (@2x).
# "-dark" = light glyph for dark panels, "-light" = dark glyph for light panels.
tray() { # state variant glyph-colour accent-colour draw-commands...
  state=$1 variant=$2 glyph=$3 accent=$4
  shift 4
  "$IM" -size 64x64 xc:none -stroke "$glyph" -strokewidth 6 -fill none "$@" -strip "/tmp/tray-$state-$variant.png"
  "$IM" "/tmp/tray-$state-$variant.png" -resize 16x16 "resources/tray/$state-$variant.png"
  "$IM" "/tmp/tray-$state-$variant.png" -resize 32x32 "resources/tray/$state-$variant@2x.png"
  rm "/tmp/tray-$state-$variant.png"
  : "$accent"
}
for variant in dark light; do
  if [ "$variant" = dark ]; then glyph='#f2f2f2'; else glyph='#1f1f1f'; fi
  tray idle "$variant" "$glyph" none -draw 'circle 32,32 32,8'
  tray rendering "$variant" "$glyph" '#e8772e' -draw 'circle 32,32 32,8' -stroke none -fill '#e8772e' -draw 'polygon 24,18 48,32 24,46'
  tray attention "$variant" "$glyph" '#d93f3f' -stroke none -fill '#d93f3f' -draw 'circle 32,32 32,4' -fill white -draw 'roundrectangle 28,14 36,40 3,3' -draw 'circle 32,49 32,44'
  tray offline "$variant" "$glyph" none -draw 'circle 32,32 32,8' -draw 'line 12,52 52,12'
done
