"""Reads a fan-out benchmark results folder and draws its published charts (see docs/analysis.md).

The notebook (analysis.ipynb) stays thin: it calls this package, so that every chart is tested and drawn the same way
wherever it runs. Its modules depend one way, each only on those before it:

- loading: a results folder read and checked (Results), which rows are which benchmark, the caption;
- tables: the rows as the charts and the notebook's tables draw them (fan-out trials, scenarios, service mode);
- figures: what every chart shares (panels, one legend, a series against N, plain-number log axes);
- charts_time (1-3), charts_scenarios (4-5), charts_cost (6-8), charts_service (9-10): a family of charts each;
- findings: the findings table (charts/findings.md), a model and client a row, N = 1,000 and 10,000 its columns;
- chartbook: the charts by name, and the book that draws, saves and lists them and the findings table (what the
  notebook calls).

Each figure is drawn with the interval Java wrote for it (<figure>_lo, <figure>_hi) where the run has one; a run
written before summary.csv had intervals draws as it always did.
"""
