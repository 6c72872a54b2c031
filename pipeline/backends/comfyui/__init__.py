"""GPU backend on ComfyUI servers: workflows with declared bindings (workflows.py)
and an HTTP + websocket client for one server (client.py). See docs/comfyui.md."""
