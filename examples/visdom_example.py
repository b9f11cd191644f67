"""Log to runboard with the stock Visdom Python client, exactly as you would to Visdom.

runboard speaks Visdom's HTTP protocol, so existing training scripts only need to
point their `visdom.Visdom(...)` at it. Nothing here is runboard-specific.

    npm start                       # runboard on http://localhost:8097, like Visdom
    pip install visdom numpy        # the stock client (any recent version)
    python examples/visdom_example.py [--port 8097] [--env visdom-demo]

Then open http://localhost:8097/env/visdom-demo. Not run in CI (it needs Python).
"""
import argparse
import math
import time

import numpy as np
import visdom


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://localhost")
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--env", default="visdom-demo")
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()

    vis = visdom.Visdom(server=args.server, port=args.port, env=args.env)
    if not vis.check_connection():
        raise SystemExit(f"no server at {args.server}:{args.port}: start it with `npm start`")

    # A text pane (HTML), appended to as the run goes.
    vis.text("<b>visdom example</b>: a fake training run", win="log")

    # A line window with two named traces, one point per step (the common GAN-script pattern).
    opts = dict(title="loss", xlabel="step", ylabel="loss", legend=["D", "G"])
    vis.line(X=np.array([0]), Y=np.array([[1.4, 0.7]]), win="loss", opts=opts)

    # An image-history pane: every image is kept; the pane has a slider.
    for step in range(1, args.steps + 1):
        d = 0.7 + 0.3 * math.exp(-step / 50) + 0.05 * np.random.randn()
        g = 2.0 - 0.8 * math.exp(-step / 80) + 0.1 * np.random.randn()
        vis.line(X=np.array([step]), Y=np.array([d]), win="loss", name="D", update="append")
        vis.line(X=np.array([step]), Y=np.array([g]), win="loss", name="G", update="append")
        if step % 50 == 0:
            # A grid of 16 noisy 28x28 "samples" getting cleaner: (B, C, H, W) floats in [0, 1].
            noise = np.random.rand(16, 1, 28, 28) * math.exp(-step / 100)
            ring = np.fromfunction(lambda b, c, y, x: ((x - 14) ** 2 + (y - 14) ** 2 < 64), (16, 1, 28, 28))
            vis.images(np.clip(ring * 0.8 + noise, 0, 1), nrow=4, win="samples",
                       opts=dict(title="samples", caption=f"step {step}", store_history=True))
            vis.text(f"step {step}: D {d:.3f}, G {g:.3f}", win="log", append=True)
        time.sleep(0.01)

    # A scatter: 2-D points coloured by class (labels are 1-based in Visdom).
    points = np.random.randn(300, 2) + np.repeat(np.array([[2, 0], [-2, 0], [0, 3]]), 100, axis=0)
    labels = np.repeat([1, 2, 3], 100)
    vis.scatter(X=points, Y=labels, win="clusters", opts=dict(title="clusters", legend=["a", "b", "c"], markersize=5))

    print(f"done: open {args.server}:{args.port}/env/{args.env}")


if __name__ == "__main__":
    main()
