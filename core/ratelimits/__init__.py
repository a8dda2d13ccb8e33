"""Rate limits, one module per thing limited, over shared Redis primitives."""
