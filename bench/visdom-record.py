#!/usr/bin/env python3
"""Runs a script that uses the stock Python `visdom` client, and records the windows it creates.

    PYTHONPATH=$VISDOM_SRC/py python3 bench/visdom-record.py OUT.jsonl SCRIPT [ARGS...]

Every `Visdom._send` to /events or /update is passed through unchanged; one JSON line per call is
appended to OUT.jsonl: call index, endpoint, env, the win the client sent (None when the server
picks it), the win the server answered, the plot type and the title. bench/visdom-compare.ts runs
the same script against Visdom and runboard and pairs their windows by call index, since windows
created without `win=` get a different random id on each server.
"""
import json
import os
import runpy
import sys

import visdom

out_path, script = sys.argv[1], sys.argv[2]
sys.argv = [script] + sys.argv[3:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
out = open(out_path, 'a', buffering=1)
counter = [0]
_send = visdom.Visdom._send


def kind(msg):
    data = msg.get('data')
    if isinstance(data, list) and data and isinstance(data[0], dict):
        t = data[0].get('type')
        if isinstance(msg.get('layout'), dict) and 'yaxis2' in msg['layout']:
            t = (t or '') + '+yaxis2'
        return t
    return msg.get('type') if isinstance(msg.get('type'), str) else None


def title(msg):
    opts = msg.get('opts') if isinstance(msg.get('opts'), dict) else {}
    layout = msg.get('layout') if isinstance(msg.get('layout'), dict) else {}
    t = opts.get('title')
    if t is None:
        lt = layout.get('title')
        t = lt.get('text') if isinstance(lt, dict) else lt
    return t


def recording_send(self, msg, endpoint='events', *args, **kwargs):
    ret = _send(self, msg, endpoint, *args, **kwargs)
    if endpoint in ('events', 'update') and isinstance(msg, dict):
        counter[0] += 1
        out.write(json.dumps({
            'i': counter[0], 'endpoint': endpoint, 'eid': msg.get('eid'), 'win_sent': msg.get('win'),
            'win': ret if isinstance(ret, str) else None, 'type': kind(msg), 'title': title(msg),
            'append': msg.get('append'),
        }) + '\n')
    return ret


visdom.Visdom._send = recording_send
runpy.run_path(script, run_name='__main__')
