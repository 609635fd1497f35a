"""Fixed parts of the session report page: its stylesheet and the recovery reminders.

Everything here is inlined into report.html, so the page opens offline with no external assets.
Colours keep at least 4.5:1 contrast for text and 3:1 for chart marks on their backgrounds.
"""

from __future__ import annotations

# Left and right are told apart by shape (circle / square) as well as colour.
LEFT_COLOUR = "#1d4ed8"
RIGHT_COLOUR = "#b45309"

# The recovery advice of the source text (../shared/seed/post-run-mobility.txt), as reminders:
# (title, text).
RECOVERY_REMINDERS: tuple[tuple[str, str], ...] = (
    (
        "Drink and refuel",
        "Focus on recovery now: rehydrate and eat a proper meal or snack with good nutrition.",
    ),
    ("Sleep well", "Good quality sleep tonight is part of the recovery."),
    (
        "Stretch longer later today",
        "Later in the day, hold some good stretches for 30 to 60 seconds each to release the "
        "muscle tightness.",
    ),
    (
        "Listen to your body",
        "Work in a range of motion that is not too intense but where you feel a good stretch. "
        "Back off if something hurts.",
    ),
)

CSS = f"""
:root {{
  --ink: #1a1a1a; --muted: #4a4a4a; --line: #d0d0d0; --paper: #ffffff; --page: #f3f4f6;
  --good: #166534; --good-bg: #dcfce7; --warn: #7c2d12; --warn-bg: #ffedd5;
  --band: #ecfdf3; --left: {LEFT_COLOUR}; --right: {RIGHT_COLOUR}; --accent: #1e3a8a;
}}
* {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; }}
body {{
  margin: 0; background: var(--page); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}}
.wrap {{ max-width: 72rem; margin: 0 auto; padding: 1rem; }}
h1, h2, h3, h4 {{ line-height: 1.25; margin: 0 0 .5rem; }}
h1 {{ font-size: 1.75rem; }}
h2 {{ font-size: 1.35rem; margin-top: 1.75rem; }}
h3 {{ font-size: 1.15rem; }}
h4 {{ font-size: 1rem; margin-top: 1rem; }}
p {{ margin: .25rem 0 .5rem; }}
a {{ color: var(--accent); }}
.page-head {{ background: var(--paper); border-bottom: 1px solid var(--line); }}
.date {{ color: var(--muted); margin: 0 0 .75rem; }}
.badge {{
  display: inline-block; padding: .15rem .6rem; border-radius: 999px; font-weight: 600;
  font-size: .9rem; vertical-align: middle; margin-left: .5rem;
}}
.badge.ok {{ background: var(--good-bg); color: var(--good); }}
.badge.early {{ background: var(--warn-bg); color: var(--warn); }}
.stats {{
  display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem;
  margin: 0; padding: 0;
}}
.stats div {{ background: var(--page); border-radius: .5rem; padding: .5rem .75rem; }}
.stats dt {{ color: var(--muted); font-size: .85rem; }}
.stats dd {{ margin: 0; font-size: 1.4rem; font-weight: 700; }}
.stats dd small {{ font-size: .85rem; font-weight: 400; color: var(--muted); }}
.banner {{
  background: var(--warn-bg); color: var(--warn); border-left: .35rem solid #c2410c;
  padding: .75rem 1rem; border-radius: .25rem; margin: 1rem 0 0; font-weight: 500;
}}
.cards {{
  display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 30rem), 1fr));
}}
.card {{
  background: var(--paper); border: 1px solid var(--line); border-radius: .75rem; padding: 1rem;
  min-width: 0;
}}
.card .meta {{ color: var(--muted); font-size: .9rem; }}
.reps {{ font-size: 1.05rem; }}
figure {{ margin: .5rem 0; }}
figure svg {{ display: block; width: 100%; height: auto; }}
figcaption {{ color: var(--muted); font-size: .9rem; }}
.legend {{ display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem;
  color: var(--muted); }}
.key {{ display: inline-block; width: .75rem; height: .75rem; margin-right: .3rem;
  vertical-align: -.05rem; }}
.key.left {{ background: var(--left); border-radius: 50%; }}
.key.right {{ background: var(--right); }}
.key.band {{ background: var(--band); border-top: 2px dashed var(--good); }}
table {{ border-collapse: collapse; width: 100%; margin: .25rem 0 .5rem; font-size: .95rem; }}
caption {{ text-align: left; font-weight: 600; padding-bottom: .25rem; }}
th, td {{ text-align: left; padding: .3rem .5rem .3rem 0; border-bottom: 1px solid var(--line);
  vertical-align: top; }}
th {{ font-weight: 600; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.good {{ color: var(--good); font-weight: 600; }}
.note {{ color: var(--muted); font-size: .9rem; }}
.tracking.poor {{ color: var(--warn); }}
details {{ margin-top: .5rem; }}
summary {{ cursor: pointer; color: var(--accent); }}
.scroll {{ overflow-x: auto; }}
.balance {{ max-width: 48rem; }}
.balance th[scope=colgroup] {{ text-align: center; border-bottom: 2px solid var(--line); }}
.tip {{ margin: .75rem 0 0; }}
.reminders {{ display: grid; gap: .75rem;
  grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  list-style: none; padding: 0; margin: 0; }}
.reminders li {{ background: var(--paper); border: 1px solid var(--line); border-radius: .75rem;
  padding: .75rem 1rem; }}
.reminders strong {{ display: block; }}
footer {{ color: var(--muted); font-size: .85rem; padding: 1.5rem 0 2rem; }}
svg text {{ font: 13px system-ui, sans-serif; fill: var(--muted); }}
svg .axis {{ stroke: #6b6b6b; stroke-width: 1; }}
svg .grid {{ stroke: #e5e5e5; stroke-width: 1; }}
svg .band {{ fill: var(--band); }}
svg .target {{ stroke: var(--good); stroke-width: 2; stroke-dasharray: 6 4; }}
svg .trend-left {{ stroke: var(--left); stroke-width: 1.5; fill: none; opacity: .5; }}
svg .trend-right {{ stroke: var(--right); stroke-width: 1.5; fill: none; opacity: .5; }}
svg .left {{ fill: var(--left); }}
svg .right {{ fill: var(--right); }}
@media (max-width: 30rem) {{
  .wrap {{ padding: .75rem; }}
  h1 {{ font-size: 1.45rem; }}
  .card {{ padding: .75rem; }}
}}
@media print {{
  body {{ background: #fff; }}
  .card, .reminders li {{ break-inside: avoid; }}
}}
"""
