"""Draw the app's line icons with Kivy and save them as PNGs in ``assets/icons/``.

Why generated, not downloaded or hand-drawn:

- **Nothing is fetched at run time** (the app is offline), and no third-party icon
  font or licence comes along: every icon is a few lines of Kivy canvas code here.
- **One consistent style**: 96 x 96 px, 7 px strokes with rounded caps and joints,
  a 10 px margin, and the same diagonal "no" slash on every restriction, so a tired
  patient learns the visual language once.
- **Tintable**: each icon is pure white on a transparent background, so a screen
  colours it with ``Image(color=...)`` (dark on cards, white on buttons, red for an
  emergency) from one file.

How it works: each icon is drawn white on opaque black into a 4x supersampled
offscreen ``Fbo`` (Kivy lines have no anti-aliasing of their own); black draws
"erase", which gives cut-outs such as the "!" in the warning triangle and the gap
around the "no" slash. The red channel, box-filtered down to 96 x 96, becomes the
alpha of a white PNG. Rows are flipped on the way out (``Fbo.pixels`` starts at the
bottom row) and the PNG is written with the standard library only, so the same
Kivy and Mesa produce byte-identical files on every run.

Rerun after changing a drawing (no display needed)::

    cd /work/main && SDL_VIDEODRIVER=offscreen KIVY_NO_ARGS=1 KIVY_HOME=/tmp/kh \\
        .venv/bin/python assets/make_icons.py [--sheet /tmp/icon_sheet.png]

``--sheet`` also saves a contact sheet of the written files, read back from disk
(tinted dark at 96 and 32 px and red at 32 px on a light background, with their
names), for checking them by eye: upright, unclipped, recognisable.
Coordinates below are in icon pixels, 0-96, with y pointing up as in Kivy.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import struct
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KCFG_KIVY_LOG_LEVEL", "warning")
os.environ.setdefault("KCFG_GRAPHICS_WINDOW_STATE", "hidden")
# Kivy logs a missing multitouch library (libmtdev) as an error with a traceback; harmless here.
logging.getLogger("kivy").addFilter(lambda record: not str(record.msg).startswith("Input: MTDev"))

from kivy.core.window import Window  # noqa: E402,F401  (creates the GL context the Fbo needs)
from kivy.graphics import (  # noqa: E402
    ClearBuffers,
    ClearColor,
    Color,
    Ellipse,
    Fbo,
    Line,
    Mesh,
    PopMatrix,
    PushMatrix,
    Rectangle,
    Scale,
)

ICON_DIR = Path(__file__).resolve().parent / "icons"
SIZE = 96  # output pixels
SUPERSAMPLE = 4  # drawn at 4x, then box-filtered: smooth edges
STROKE = 7.0  # line thickness
MARGIN = 10.0
LO = MARGIN + STROKE / 2  # 13.5: lowest centre-line coordinate that keeps a stroke inside the margin
HI = SIZE - LO  # 82.5
MID = SIZE / 2
GAP = 3.0  # clear space either side of the "no" slash

Point = tuple[float, float]


# --------------------------------------------------------------------------- helpers


def ink() -> None:
    """Draw in the icon colour (white: becomes opaque)."""
    Color(1, 1, 1, 1)


def erase() -> None:
    """Draw in black: becomes transparent (cut-outs and gaps)."""
    Color(0, 0, 0, 1)


def stroke(*points: Point, close: bool = False, width: float = STROKE) -> None:
    """A polyline through ``points`` with rounded caps and joints (Kivy's ``width`` is half the thickness)."""
    flat = [c for p in points for c in p]
    Line(points=flat, width=width / 2, cap="round", joint="round", close=close)


def box(x: float, y: float, w: float, h: float, radius: float) -> None:
    """A stroked rectangle with rounded corners; (x, y, w, h) is the centre line of the stroke."""
    Line(rounded_rectangle=(x, y, w, h, radius), width=STROKE / 2)


def ring(cx: float, cy: float, r: float, width: float = STROKE, start: float = 0, end: float = 360) -> None:
    """A circle or arc; Kivy angles are degrees clockwise from 12 o'clock."""
    Line(circle=(cx, cy, r, start, end), width=width / 2, cap="round", joint="round")


def dot(cx: float, cy: float, r: float) -> None:
    """A filled circle."""
    Ellipse(pos=(cx - r, cy - r), size=(2 * r, 2 * r), segments=120)


def fill(*points: Point) -> None:
    """A filled polygon, star-shaped around its first point (drawn as a triangle fan)."""
    vertices = [c for x, y in points for c in (x, y, 0, 0)]
    Mesh(vertices=vertices, indices=list(range(len(points))), mode="triangle_fan")


def filled_outline(*points: Point) -> None:
    """A filled polygon whose corners are rounded like a stroke's."""
    fill(*points)
    stroke(*points, close=True)


def polar(cx: float, cy: float, r: float, degrees: float) -> Point:
    """The point at distance ``r`` from (cx, cy); degrees counter-clockwise from 3 o'clock (maths convention)."""
    return (cx + r * math.cos(math.radians(degrees)), cy + r * math.sin(math.radians(degrees)))


def arc_points(cx: float, cy: float, r: float, start: float, end: float, steps: int = 24) -> list[Point]:
    """Points along an arc from ``start`` to ``end`` degrees (maths convention, as :func:`polar`)."""
    return [polar(cx, cy, r, start + (end - start) * i / steps) for i in range(steps + 1)]


def no_slash() -> None:
    """The "not allowed" slash shared by every restriction: top-left to bottom-right, with a clear gap."""
    start, end = (LO + 2, HI - 2), (HI - 2, LO + 2)
    erase()
    stroke(start, end, width=STROKE + 2 * GAP)
    ink()
    stroke(start, end)


def person_head(cx: float, cy: float) -> None:
    """The head of the stick figures (bend, reach, bed)."""
    dot(cx, cy, 8)


# --------------------------------------------------------------------------- restrictions


def draw_bend() -> None:
    person_head(22, 30)
    stroke((62, 14), (68, 66), (76, 14))  # legs up to the hip
    stroke((68, 66), (34, 40), (38, 16))  # torso bent forward and down, arm hanging to the floor
    no_slash()


def draw_reach() -> None:
    person_head(56, 68)
    stroke((40, 82), (40, 52), (72, 52), (72, 82))  # shoulders and both arms up
    stroke((56, 52), (56, 34))  # body
    stroke((46, 14), (56, 34), (66, 14))  # legs
    no_slash()


def draw_stairs() -> None:
    stroke((14, 22), (32, 22), (32, 40), (50, 40), (50, 58), (68, 58), (68, 76), (82, 76))
    no_slash()


def draw_lift() -> None:
    stroke((22, 14), (74, 14), (74, 46), (22, 46), close=True)  # box
    stroke((48, 56), (48, 82))  # up arrow
    stroke((36, 70), (48, 82), (60, 70))
    no_slash()


def draw_car() -> None:
    stroke((24, 54), (32, 74), (64, 74), (72, 54))  # roof
    box(16, 30, 64, 24, 6)  # body
    dot(30, 42, 5)  # headlights
    dot(66, 42, 5)
    stroke((26, 28), (26, 16), width=12)  # wheels
    stroke((70, 28), (70, 16), width=12)
    no_slash()


def draw_bath() -> None:
    stroke((14, 50), (82, 50))  # rim
    stroke((20, 50), *arc_points(34, 36, 14, 180, 270, 12), *arc_points(62, 36, 14, 270, 360, 12), (76, 50))
    stroke((28, 23), (24, 15))  # feet
    stroke((68, 23), (72, 15))
    stroke((72, 50), *arc_points(62, 72, 10, 0, 180, 12), (52, 66))  # tap
    no_slash()


def draw_bed() -> None:
    stroke((16, 70), (16, 16))  # headboard and leg
    stroke((16, 36), (80, 36), (80, 16))  # mattress and foot leg
    person_head(30, 50)
    stroke((44, 48), (76, 48), width=12)  # lying body
    no_slash()


def draw_exercise() -> None:
    person_head(60, 74)
    stroke((56, 62), (44, 40))  # torso leaning into the run
    stroke((34, 52), (52, 58), (66, 48))  # arms swinging
    stroke((16, 34), (30, 30), (44, 40), (58, 28), (52, 14))  # back leg, hip, front leg
    no_slash()


def draw_work() -> None:
    box(16, 16, 64, 42, 6)  # briefcase
    stroke((38, 58), (38, 70), (58, 70), (58, 58))  # handle
    stroke((16, 40), (80, 40))  # lid seam
    no_slash()


def draw_shower() -> None:
    stroke((16, 82), (48, 82), (48, 72))  # pipe
    filled_outline((34, 66), (62, 66), (68, 56), (28, 56))  # shower head
    for x, y in ((32, 42), (48, 42), (64, 42), (40, 26), (56, 26)):
        dot(x, y, 4.5)  # drops
    no_slash()


# --------------------------------------------------------------------------- triage levels


def draw_ok() -> None:
    ring(MID, MID, HI - MID)
    stroke((32, 48), (43, 37), (64, 59))  # tick


def draw_watch() -> None:
    half, sag = 34.0, 22.0
    radius = (half * half + sag * sag) / (2 * sag)
    rise = math.degrees(math.asin(half / radius))
    upper = arc_points(MID, MID + sag - radius, radius, 90 + rise, 90 - rise)
    lower = arc_points(MID, MID - sag + radius, radius, 270 + rise, 270 - rise)
    stroke(*upper, *lower, close=True)  # eyelids: two circular arcs meeting at the corners
    dot(MID, MID, 12)  # iris


def draw_handset() -> None:
    """A telephone handset (shared by call_doctor and phone): one smooth filled outline."""
    cx, cy, outer, handle, pad = 77.5, 77.5, 58.0, 46.0, 34.0
    start, end, pad_span, ramp = 182.0, 268.0, 20.0, 8.0

    def inner_radius(angle: float) -> float:
        from_end = min(angle - start, end - angle)  # ear- and mouthpiece reach towards the face
        k = min(max((from_end - pad_span) / ramp, 0.0), 1.0)
        return pad + (handle - pad) * k * k * (3 - 2 * k)

    steps = 60
    angles = [start + (end - start) * i / steps for i in range(steps + 1)]
    outside = [polar(cx, cy, outer, a) for a in angles]
    inside = [polar(cx, cy, inner_radius(a), a) for a in angles]
    strip = [c for o, i in zip(outside, inside) for c in (*o, 0, 0, *i, 0, 0)]
    Mesh(vertices=strip, indices=list(range(2 * len(angles))), mode="triangle_strip")
    stroke(*outside, *reversed(inside), close=True)


def draw_call_doctor() -> None:
    draw_handset()


def draw_emergency() -> None:
    filled_outline((MID, 80), (14, 18), (82, 18))
    erase()  # the "!" is cut out
    stroke((MID, 62), (MID, 42))
    dot(MID, 30, 4.5)
    ink()


# --------------------------------------------------------------------------- navigation


def draw_today() -> None:
    ring(MID, MID, 14)
    for angle in range(0, 360, 45):  # rays
        stroke(polar(MID, MID, 25, angle), polar(MID, MID, 34, angle))


def draw_checkin() -> None:
    box(20, 14, 56, 62, 6)  # board
    box(36, 70, 24, 12, 4)  # clip
    stroke((34, 44), (44, 34), (62, 54))  # tick


def draw_plan() -> None:
    box(16, 14, 64, 62, 6)
    stroke((16, 58), (80, 58))  # header
    stroke((34, 70), (34, 82))  # binding rings
    stroke((62, 70), (62, 82))
    for x in (32, 48, 64):  # days
        for y in (44, 28):
            dot(x, y, 4.5)


def draw_week() -> None:
    stroke((16, 82), (16, 16), (82, 16))  # axes
    for x, top in ((34, 48), (52, 72), (70, 38)):
        stroke((x, 30), (x, top), width=10)


def draw_back() -> None:
    stroke((18, 48), (80, 48))  # shaft
    stroke((42, 72), (18, 48), (42, 24))  # head


def draw_help() -> None:
    ring(MID, MID, HI - MID)
    Rectangle(pos=(MID - 7, MID - 20), size=(14, 40))  # square-ended medical cross
    Rectangle(pos=(MID - 20, MID - 7), size=(40, 14))


def draw_settings() -> None:
    teeth, outer, root = 8, 33.0, 24.0
    points: list[Point] = []
    for i in range(teeth):
        for r, offset in ((root, -13), (outer, -8), (outer, 8), (root, 13)):  # one tooth
            points.append(polar(MID, MID, r, i * 360 / teeth + offset))
    stroke(*points, close=True)
    ring(MID, MID, 9)  # axle hole


def draw_about() -> None:
    ring(MID, MID, HI - MID)
    dot(MID, 64, 5)  # the "i"
    stroke((MID, 50), (MID, 30))


def draw_milestone() -> None:
    stroke((24, 82), (24, 14))  # pole
    filled_outline((24, 66), (24, 82), (72, 82), (60, 66), (72, 50), (24, 50))


def draw_pump() -> None:
    dot(MID, MID, HI - MID + STROKE / 2)  # the implanted disc
    erase()
    ring(MID, MID, 15, width=6)  # the refill port's rim
    ink()


def draw_phone() -> None:
    draw_handset()


def draw_bell() -> None:
    body = [(20, 28), (26, 38), (26, 54), *arc_points(MID, 54, 22, 180, 0), (70, 38), (76, 28)]
    stroke(*body)
    stroke((16, 28), (80, 28))
    ring(MID, 24, 9, start=90, end=270)  # clapper
    stroke((MID, 76), (MID, 81))


def draw_plus() -> None:
    stroke((MID, 18), (MID, 78))
    stroke((18, MID), (78, MID))


def draw_minus() -> None:
    stroke((18, MID), (78, MID))


def draw_check() -> None:
    stroke((16, 48), (38, 26), (80, 68))


def draw_edit() -> None:
    along = (math.sqrt(0.5), math.sqrt(0.5))
    across = (-math.sqrt(0.5), math.sqrt(0.5))
    tip: Point = (18, 18)

    def at(s: float, t: float) -> Point:
        return (tip[0] + s * along[0] + t * across[0], tip[1] + s * along[1] + t * across[1])

    half = 10.0
    stroke(tip, at(20, half), at(78, half), at(78, -half), at(20, -half), close=True)
    stroke(at(20, half), at(20, -half))  # where the wood meets the body
    stroke(at(66, half), at(66, -half))  # eraser band


ICONS: dict[str, Callable[[], None]] = {
    # restrictions (names are the "icon" values in data/recovery_plan.json)
    "bend": draw_bend,
    "reach": draw_reach,
    "stairs": draw_stairs,
    "lift": draw_lift,
    "car": draw_car,
    "bath": draw_bath,
    "bed": draw_bed,
    "exercise": draw_exercise,
    "work": draw_work,
    "shower": draw_shower,
    # triage levels
    "ok": draw_ok,
    "watch": draw_watch,
    "call_doctor": draw_call_doctor,
    "emergency": draw_emergency,
    # navigation and actions
    "today": draw_today,
    "checkin": draw_checkin,
    "plan": draw_plan,
    "week": draw_week,
    "back": draw_back,
    "help": draw_help,
    "settings": draw_settings,
    "about": draw_about,
    "milestone": draw_milestone,
    "pump": draw_pump,
    "phone": draw_phone,
    "bell": draw_bell,
    "plus": draw_plus,
    "minus": draw_minus,
    "check": draw_check,
    "edit": draw_edit,
}


# --------------------------------------------------------------------------- rendering and files


def render_alpha(draw: Callable[[], None]) -> bytes:
    """Run ``draw`` white-on-black at 4x and return 96 x 96 coverage bytes, top row first."""
    big = SIZE * SUPERSAMPLE
    fbo = Fbo(size=(big, big))
    with fbo:
        ClearColor(0, 0, 0, 1)
        ClearBuffers()
        PushMatrix()
        Scale(SUPERSAMPLE, SUPERSAMPLE, 1, origin=(0, 0))
        ink()
        draw()
        PopMatrix()
    fbo.draw()
    red = fbo.pixels[0::4]  # bottom row first
    n, area = SUPERSAMPLE, SUPERSAMPLE * SUPERSAMPLE
    rows: list[bytes] = []
    for out_y in range(SIZE):
        sums = [0] * SIZE
        for y in range(out_y * n, out_y * n + n):
            line = red[y * big:(y + 1) * big]
            for out_x in range(SIZE):
                sums[out_x] += sum(line[out_x * n:out_x * n + n])
        rows.append(bytes((s + area // 2) // area for s in sums))
    rows.reverse()  # PNG rows run top to bottom
    return b"".join(rows)


def write_png(path: Path, width: int, height: int, rgba: bytes) -> None:
    """Write 8-bit RGBA rows (top row first) as a PNG, with no timestamps or other metadata."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    stride = width * 4
    raw = b"".join(b"\x00" + rgba[y * stride:(y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    )


def save_icon(name: str, draw: Callable[[], None], directory: Path = ICON_DIR) -> Path:
    """Render one icon and save it as ``<directory>/<name>.png``: white, alpha = coverage."""
    alpha = render_alpha(draw)
    rgba = b"".join(b"\xff\xff\xff" + bytes((a,)) for a in alpha)
    path = directory / f"{name}.png"
    write_png(path, SIZE, SIZE, rgba)
    return path


def save_contact_sheet(names: Sequence[str], path: Path, directory: Path = ICON_DIR) -> None:
    """Load the written PNGs back and lay them out dark-on-light at 96 and 32 px, with names."""
    from kivy.core.image import Image as CoreImage
    from kivy.core.text import Label as CoreLabel

    columns, cell_w, cell_h = 6, 170, 150
    rows = math.ceil(len(names) / columns)
    width, height = columns * cell_w, rows * cell_h
    fbo = Fbo(size=(width, height))
    with fbo:
        ClearColor(0.98, 0.969, 0.949, 1)
        ClearBuffers()
        for i, name in enumerate(names):
            x = (i % columns) * cell_w + 10
            y = height - (i // columns + 1) * cell_h + 30
            Color(0.85, 0.85, 0.85, 1)  # the icon's 96 px box, to show its margin
            Line(rectangle=(x, y, SIZE, SIZE), width=1)
            texture = CoreImage(str(directory / f"{name}.png"), mipmap=True).texture
            Color(0.11, 0.11, 0.13, 1)
            Rectangle(texture=texture, pos=(x, y), size=(SIZE, SIZE))
            Rectangle(texture=texture, pos=(x + SIZE + 16, y + SIZE - 32), size=(32, 32))
            Color(0.62, 0.10, 0.06, 1)
            Rectangle(texture=texture, pos=(x + SIZE + 16, y + 8), size=(32, 32))
            label = CoreLabel(text=name, font_size=15)
            label.refresh()
            Color(0.11, 0.11, 0.13, 1)
            Rectangle(texture=label.texture, pos=(x, y - 24), size=label.texture.size)
    fbo.draw()
    stride = width * 4
    pixels = fbo.pixels
    write_png(path, width, height, b"".join(pixels[y * stride:(y + 1) * stride] for y in reversed(range(height))))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheet", type=Path, help="also save a contact sheet of all icons to this PNG")
    args = parser.parse_args(argv)
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    for name, draw in ICONS.items():
        save_icon(name, draw)
    print(f"Wrote {len(ICONS)} icons to {ICON_DIR}")
    # The app loads one atlas instead of many PNGs: one image decode and one mipmap chain at start-up.
    from kivy.atlas import Atlas

    Atlas.create(str(ICON_DIR / "icons"), sorted(str(ICON_DIR / f"{name}.png") for name in ICONS), 1024)
    print(f"Wrote the atlas {ICON_DIR / 'icons.atlas'}")
    if args.sheet:
        save_contact_sheet(list(ICONS), args.sheet)
        print(f"Wrote contact sheet {args.sheet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
