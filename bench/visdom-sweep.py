#!/usr/bin/env python3
"""A training-script-shaped workload for the stock Python `visdom` client (bench/visdom-compare.ts).

    PYTHONPATH=$VISDOM_SRC/py python3 bench/visdom-sweep.py -port 8098 -server http://127.0.0.1

Three runs of a sweep, one env each (<prefix>-run1..3): train loss appended every step, val loss
and val accuracy every 100 steps, and a learning-rate schedule (linear warm-up to 3e-4, cosine
decay) appended every step, the way a training loop logs. Then one env (<prefix>-extras) with the
plot options a comparison should cover: a stacked area (fillarea), dual_axis_lines, stem, quiver,
markers with markersymbol/markersize, a scatter with markercolor, linecolor + dash per trace, and
one-point line windows. Deterministic (seeded).
"""
import argparse
import math

import numpy as np
from visdom import Visdom

p = argparse.ArgumentParser()
p.add_argument('-port', type=int, default=8097)
p.add_argument('-server', default='http://127.0.0.1')
p.add_argument('-prefix', default='sweep')
p.add_argument('-steps', type=int, default=1000)
args = p.parse_args()

viz = Visdom(port=args.port, server=args.server, use_incoming_socket=False)
assert viz.check_connection(timeout_seconds=5), 'no server at %s:%d' % (args.server, args.port)

PEAK_LR = 3e-4
WARMUP = 100


def lr_at(step, steps):
    if step < WARMUP:
        return PEAK_LR * (step + 1) / WARMUP
    t = (step - WARMUP) / max(1, steps - WARMUP)
    return PEAK_LR * 0.5 * (1 + math.cos(math.pi * t))


for run, (seed, floor, speed) in enumerate([(1, 0.35, 1.0), (2, 0.25, 0.8), (3, 0.45, 1.3)], start=1):
    env = '%s-run%d' % (args.prefix, run)
    rng = np.random.RandomState(seed)
    for step in range(args.steps):
        loss = floor + 2.0 * math.exp(-step * speed / 250) + 0.08 * rng.randn()
        viz.line(X=np.array([step]), Y=np.array([loss]), win='loss', env=env, name='train', update='append',
                 opts=dict(title='loss', xlabel='step', ylabel='loss', showlegend=True) if step == 0 else None)
        viz.line(X=np.array([step]), Y=np.array([lr_at(step, args.steps)]), win='lr', env=env, name='lr',
                 update='append', opts=dict(title='learning rate', xlabel='step') if step == 0 else None)
        if step % 100 == 0 or step == args.steps - 1:
            val = floor + 0.1 + 2.0 * math.exp(-step * speed / 300) + 0.02 * rng.randn()
            viz.line(X=np.array([step]), Y=np.array([val]), win='loss', env=env, name='val', update='append')
            acc = 1 - 0.9 * math.exp(-step * speed / 300) - floor / 4
            viz.line(X=np.array([step]), Y=np.array([acc]), win='val_acc', env=env, name='val acc', update='append',
                     opts=dict(title='val accuracy', xlabel='step', ytickmin=0, ytickmax=1) if step == 0 else None)

env = '%s-extras' % args.prefix
rng = np.random.RandomState(0)
x = np.linspace(0, 10, 50)
a, b, c = 1 + np.sin(x) ** 2, 0.5 + x / 10, 0.3 + 0.2 * np.cos(x)
viz.line(X=np.column_stack((x, x, x)), Y=np.column_stack((a, a + b, a + b + c)), win='stacked_area', env=env,
         opts=dict(fillarea=True, title='stacked area (fillarea)', legend=['a', 'a+b', 'a+b+c'], showlegend=True))

viz.dual_axis_lines(X=np.arange(30), Y1=np.exp(-np.arange(30) / 8) + 0.1, Y2=np.linspace(3e-4, 1e-5, 30), win='dual_axis',
                    env=env, opts=dict(title='dual_axis_lines', name_y1='loss', name_y2='lr', showlegend=True))

t = np.linspace(0, 2 * np.pi, 40)
viz.stem(X=np.column_stack((np.sin(t), np.cos(t))), Y=t, win='stem', env=env,
         opts=dict(title='stem', legend=['sin', 'cos']))

gx, gy = np.meshgrid(np.arange(0, 2, .25), np.arange(0, 2, .25))
viz.quiver(X=np.cos(gx) * gy, Y=np.sin(gx) * gy, win='quiver', env=env, opts=dict(title='quiver', normalize=0.9))

viz.line(X=np.arange(12), Y=np.arange(12) ** 0.5,
         win='markers', env=env, opts=dict(title='markers (cross-thin-open, size 12)', markers=True,
                                            markersymbol='cross-thin-open', markersize=12))

viz.scatter(X=rng.randn(60, 2), Y=np.repeat([1, 2, 3], 20), win='scatter_markercolor', env=env,
            opts=dict(title='scatter markercolor/diamond/8', markersymbol='diamond', markersize=8,
                      markercolor=np.array([[255, 0, 0], [0, 160, 0], [0, 0, 255]]),
                      legend=['red', 'green', 'blue']))

viz.line(X=np.column_stack((x, x, x)), Y=np.column_stack((np.sin(x), np.sin(x) + 1, np.sin(x) + 2)), win='linecolor_dash',
         env=env, opts=dict(title='linecolor + dash per trace', legend=['solid red', 'dash green', 'dashdot blue'],
                            linecolor=np.array([[255, 0, 0], [0, 128, 0], [0, 0, 255]]),
                            dash=np.array(['solid', 'dash', 'dashdot']), showlegend=True))

viz.line(X=np.array([5]), Y=np.array([0.7]), win='one_point', env=env, opts=dict(title='one-point line'))
viz.line(X=np.array([0]), Y=np.array([2.5]), win='one_point_append', env=env, name='train', update='append',
         opts=dict(title='one-point line (created by append)'))
print('sweep done: envs %s-run1..3, %s' % (args.prefix, env))
