"""The ComfyUI client and workflows against a local ComfyUI-protocol server
(tests/comfy_test_server.py): real HTTP and websocket on 127.0.0.1."""
from __future__ import annotations

import json
import logging
import shutil
import struct
import time
import traceback

import pytest

from pipeline.backends.comfyui import workflows
from pipeline.backends.comfyui.client import (ComfyClient, ConfigError, ExecutionError, InvalidOutput, JobTimeout, Limits,
                                     RequestRejected, Timeouts, TransientError, WorkflowRejected, check_glb,
                                     check_png, gpu_seconds, with_retries)
from pipeline.backends.comfyui.workflows import WorkflowError
from tests.comfy_test_server import ComfyTestServer, make_glb, make_png

PORTRAIT = workflows.load("portrait_sdxl")
MESH = workflows.load("mesh_hunyuan3d")
VALUES = {"prompt": "a knight in blue", "seed": 7, "filename_prefix": "backbay/knight"}
#: quotes, braces, a fake node, newlines, backslashes, template-looking text
TRICKY = 'He said "hi", {"6": {"class_type": "SaveGLB"}}\n}{ \\" \\n\n\tline 3 — ünïcode ${prompt} %s {{x}}'
FAST = Timeouts(connect=1.0, read=1.0, transfer=2.0, poll=0.2)
TOKEN = "tok-3f9c1e0b7a5d42e8-secret"


@pytest.fixture
def server():
    with ComfyTestServer(job_seconds=0.05) as running:
        yield running


@pytest.fixture
def client(server):
    with ComfyClient(server.url, name="test-image-1", timeouts=FAST) as made:
        yield made


def run_portrait(client, prompt_id="job-1", **values):
    return client.run(PORTRAIT, {**VALUES, **values}, prompt_id, timeout=5)


def required_values(workflow, client):
    """A value for every required binding: text, seed, an uploaded image, a prefix per save node."""
    values = {}
    for name, binding in workflow.bindings.items():
        if not binding.required:
            continue
        if binding.type == "image":
            values[name] = client.upload_image(make_png(name.encode() * 4), f"{name}.png")
        elif binding.type == "prefix":
            values[name] = f"backbay/{workflow.name}_{name}"
        elif binding.type == "int":
            values[name] = 3
        else:
            values[name] = f"test {name} for {workflow.name}"
    return values


# --- workflows and bindings ------------------------------------------------

@pytest.mark.parametrize("name", workflows.names())
def test_every_workflow_validates_and_runs_on_the_server(name, server, client):
    workflow = workflows.load(name)
    assert workflow.server_problems(client.object_info()) == []
    result = client.run(workflow, required_values(workflow, client), f"job-{name}", timeout=5)
    # the test server saves as many files as a save node's batch holds (CHORD: 2 colour maps + 3 grey ones)
    assert len(result.files) == (5 if name == "material_chord" else 1)
    if workflow.output_kind == "image":
        # the test server draws an EmptyLatentImage's aspect 128 px long, other pictures 64 x 64
        width, height = check_png(result.files[0])
        assert max(width, height) == (128 if "EmptyLatentImage" in workflow.node_classes() else 64)
        assert min(width, height) >= 16
    else:
        check_glb(result.files[0])


def test_workflow_set_covers_every_generator():
    assert set(workflows.names()) == {"portrait_sdxl", "icon_sdxl", "mesh_reference_sdxl", "mesh_hunyuan3d",
                                      "material_basecolor_sdxl", "material_chord", "portrait_sdxl_controlnet"}
    assert {"SaveGLB", "LoadImage", "Hunyuan3Dv2Conditioning", "VAEDecodeHunyuan3D"} <= MESH.node_classes()
    assert MESH.output_kind == "mesh" and MESH.output_key == "3d"
    assert {"SeamlessTile", "CircularVAEDecode"} <= workflows.load("material_basecolor_sdxl").node_classes()


def test_binding_is_structural_and_leaves_the_workflow_alone():
    graph = PORTRAIT.bind(prompt=TRICKY, seed=2**64 - 1, filename_prefix="backbay/x", guidance=6)
    assert graph["6"]["inputs"]["text"] == TRICKY
    assert graph["3"]["inputs"]["seed"] == 2**64 - 1 and graph["3"]["inputs"]["cfg"] == 6.0
    assert json.loads(json.dumps(graph)) == graph and set(graph) == set(PORTRAIT.graph)
    changed = {(node, name) for node in graph for name in graph[node]["inputs"]
               if graph[node]["inputs"][name] != PORTRAIT.graph[node]["inputs"][name]}
    assert changed == {("6", "text"), ("3", "seed"), ("3", "cfg"), ("9", "filename_prefix")}
    assert PORTRAIT.graph["6"]["inputs"]["text"] == ""  # the loaded workflow is never modified


@pytest.mark.parametrize("values, message", [
    ({**VALUES, "sampler": "euler"}, "no parameter sampler"),
    ({"seed": 1, "filename_prefix": "a"}, "required parameter prompt"),
    ({**VALUES, "seed": "7"}, "seed must be int"),
    ({**VALUES, "seed": True}, "seed must be int"),
    ({**VALUES, "seed": -1}, "outside"),
    ({**VALUES, "prompt": {"text": "x"}}, "prompt must be str"),
    ({**VALUES, "filename_prefix": "../outside"}, "filename_prefix must be prefix"),
    ({**VALUES, "filename_prefix": "/abs/path"}, "filename_prefix must be prefix"),
    ({**VALUES, "width": 10**6}, "outside"),
])
def test_binding_rejects_values_that_do_not_fit(values, message):
    with pytest.raises(WorkflowError, match=message):
        PORTRAIT.bind(**values)


@pytest.mark.parametrize("edit, message", [
    (("node: \"6\", input: text", "node: \"66\", input: text"), "names node '66'"),
    (("node: \"6\", input: text", "node: \"6\", input: txt"), "has no input 'txt'"),
    (("node: \"6\", input: text", "node: \"6\", input: clip"), "is a link"),
    (("output: {node: \"9\"", "output: {node: \"3\""), "is not a SaveImage node"),
    (("type: int", "type: integer"), "not one of"),
])
def test_bindings_are_checked_against_the_graph_at_load(tmp_path, edit, message):
    for suffix in (".json", ".bindings.yaml"):
        shutil.copy(workflows.WORKFLOWS / f"portrait_sdxl{suffix}", tmp_path / f"portrait_sdxl{suffix}")
    path = tmp_path / "portrait_sdxl.bindings.yaml"
    text = path.read_text()
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(WorkflowError, match=message):
        workflows.load("portrait_sdxl", tmp_path)


def test_server_problems_name_missing_nodes_and_model_files(client):
    info = client.object_info()
    info.pop("SaveGLB")
    info["ImageOnlyCheckpointLoader"]["input"]["required"]["ckpt_name"] = [["other.safetensors"]]
    problems = MESH.server_problems(info)
    assert problems[0] == "node SaveGLB is not installed"
    assert any("hunyuan3d-dit-v2.safetensors" in p for p in problems)
    info["ImageOnlyCheckpointLoader"]["input"]["required"]["ckpt_name"] = \
        ["COMBO", {"options": ["hunyuan3d-dit-v2.safetensors"]}]  # the newer /object_info format
    assert len(MESH.server_problems(info)) == 1


# --- submitting and following a job ----------------------------------------

def test_submit_and_wait_on_the_websocket(server, client):
    started = time.monotonic()
    result = run_portrait(client, "job-ws")
    assert result.via == "websocket" and result.prompt_id == "job-ws"
    assert time.monotonic() - started < 2.0
    posted = server.prompts[-1]
    assert posted["prompt_id"] == "job-ws" and posted["client_id"] == client.client_id
    check_png(result.files[0])


@pytest.mark.parametrize("ws_fault", ["refuse", "silent", "drop"])
def test_polling_fallback_when_the_websocket_fails(server, client, ws_fault):
    server.faults.ws = ws_fault
    result = run_portrait(client, f"job-{ws_fault}")
    assert result.via == "polling"
    check_png(result.files[0])


def test_a_lost_final_event_is_found_by_polling_while_other_events_flow(server, client):
    server.faults.ws = "chatty"
    started = time.monotonic()
    result = run_portrait(client, "job-chatty")
    assert result.via == "polling" and time.monotonic() - started < 2.0
    check_png(result.files[0])


def test_prompt_with_quotes_braces_and_newlines_arrives_intact(server, client):
    result = run_portrait(client, "job-tricky", prompt=TRICKY, negative=TRICKY[::-1])
    received = server.prompts[-1]["prompt"]
    assert received["6"]["inputs"]["text"] == TRICKY and received["7"]["inputs"]["text"] == TRICKY[::-1]
    assert set(received) == set(PORTRAIT.graph)
    assert {node["class_type"] for node in received.values()} == PORTRAIT.node_classes()
    check_png(result.files[0])


def test_outputs_follow_prompt_and_seed(server, client):
    first = run_portrait(client, "a", seed=1).files[0]
    assert run_portrait(client, "b", seed=1).files[0] == first
    assert run_portrait(client, "c", seed=2).files[0] != first


def test_upload_always_uses_the_returned_name(server, client):
    first, second = make_png(b"first-reference!"), make_png(b"second-reference")
    assert client.upload_image(first, "ref.png") == "ref.png"
    renamed = client.upload_image(second, "ref.png")  # a clash: the server keeps both
    assert renamed == "ref (1).png"
    assert client.upload_image(first, "ref.png") == "ref.png"  # same bytes: no copy
    result = client.run(MESH, {"reference_image": renamed, "seed": 1, "filename_prefix": "backbay/mesh"},
                        "job-mesh", timeout=5)
    assert server.loaded[-1] == second
    check_glb(result.files[0])
    with pytest.raises(ValueError):
        client.upload_image(b"<html>not a png</html>", "x.png")


def test_a_finished_job_is_collected_not_paid_again(server, client):
    first = run_portrait(client, "job-once")
    with ComfyClient(server.url, timeouts=FAST) as after_restart:
        again = run_portrait(after_restart, "job-once")
    assert again.via == "history" and again.files == first.files
    assert len(server.prompts) == 1


def test_a_queued_job_is_waited_for_not_submitted_again(server, client):
    server.job_seconds = 0.3
    client.submit(PORTRAIT.bind(**VALUES), "job-queued")
    with ComfyClient(server.url, timeouts=FAST) as other:
        result = run_portrait(other, "job-queued")
    assert result.via == "polling" and len(server.prompts) == 1
    check_png(result.files[0])


def test_gpu_seconds_come_from_the_server_timestamps(server, client):
    server.job_seconds = 0.3
    result = run_portrait(client, "job-timed")
    assert 0.25 <= result.gpu_seconds < 2.0
    assert gpu_seconds([["execution_start", {"timestamp": 1000}], ["execution_cached", {"timestamp": 1001}],
                        ["execution_success", {"timestamp": 3500}]]) == 2.5
    assert gpu_seconds([["execution_start", {"timestamp": 1000}]]) is None


def test_server_state_calls(server, client):
    stats = client.system_stats()
    assert stats["devices"][0]["vram_total"] > 0 and "comfyui_version" in stats["system"]
    server.job_seconds = 0.5
    client.submit(PORTRAIT.bind(**VALUES), "job-a")
    client.submit(PORTRAIT.bind(**{**VALUES, "seed": 8}), "job-b")
    time.sleep(0.1)
    queue = client.queue()
    assert [item[1] for item in queue["queue_running"]] == ["job-a"]
    assert [item[1] for item in queue["queue_pending"]] == ["job-b"]
    assert client.job_state("job-b") == (None, "pending")
    client.cancel("job-b")
    assert client.job_state("job-b") == (None, None)


# --- faults: each is classified, none yields an output ----------------------

def _submit_portrait(client):
    return run_portrait(client, "job-fault")


FAULTS = {
    "5xx on /prompt": (lambda s: s.faults.http_error.update({"/prompt": 1}), TransientError),
    "5xx on /history": (lambda s: s.faults.http_error.update({"/history/job-fault": 1}), TransientError),
    "5xx on /view": (lambda s: s.faults.http_error.update({"/view": 1}), TransientError),
    "dropped connection on /prompt": (lambda s: s.faults.drop.update({"/prompt": 1}), TransientError),
    "dropped connection on /view": (lambda s: s.faults.drop.update({"/view": 1}), TransientError),
    "hang on /prompt": (lambda s: s.faults.hang.update({"/prompt": 1}), TransientError),
    "job never finishes": (lambda s: setattr(s.faults, "job_hang", 1), JobTimeout),
    "server dies mid-job": (lambda s: setattr(s.faults, "die_mid_job", True), TransientError),
    "server loses the job": (lambda s: setattr(s.faults, "lose_job", True), TransientError),
    "execution error": (lambda s: setattr(s.faults, "job_error", 1), ExecutionError),
    "truncated PNG": (lambda s: s.faults.outputs.append("truncated"), InvalidOutput),
    "HTML instead of an image": (lambda s: s.faults.outputs.append("html"), InvalidOutput),
    "HTML served as image/png": (lambda s: s.faults.outputs.append("html_as_png"), InvalidOutput),
    "file name ../../x": (lambda s: s.faults.outputs.append("traversal"), InvalidOutput),
    "no output file": (lambda s: s.faults.outputs.append("none"), InvalidOutput),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_every_fault_is_classified_and_yields_no_output(fault, server, client):
    inject, expected = FAULTS[fault]
    inject(server)
    started = time.monotonic()
    with pytest.raises(expected) as caught:
        client.run(PORTRAIT, VALUES, "job-fault", timeout=1.5)
    assert time.monotonic() - started < 3.0
    assert caught.value.server == "test-image-1" and "test-image-1" in str(caught.value)
    if fault == "file name ../../x":
        assert server.views == []  # the name was refused before any request
    if fault == "execution error":
        assert caught.value.node_type == "KSampler" and "out of memory" in str(caught.value)
        assert caught.value.gpu_seconds is not None
    if fault not in ("server dies mid-job", "job never finishes"):  # the server recovered: the next job works
        check_png(run_portrait(client, "job-after").files[0])


def test_a_workflow_the_server_cannot_run_is_rejected_with_node_errors(server, client):
    graph = PORTRAIT.bind(**VALUES)
    graph["4"]["inputs"]["ckpt_name"] = "missing.safetensors"
    with pytest.raises(WorkflowRejected) as caught:
        client.submit(graph, "job-bad")
    assert "4" in caught.value.node_errors and "missing.safetensors" in str(caught.value)
    graph["4"]["class_type"] = "NoSuchNode"
    with pytest.raises(WorkflowRejected, match="NoSuchNode does not exist"):
        client.submit(graph, "job-bad")
    assert not isinstance(caught.value, TransientError)


def test_retries_back_off_and_recover_from_transient_errors(server, client):
    server.faults.http_error["/prompt"] = 2
    sleeps = []
    result = with_retries(lambda: run_portrait(client, "job-retried"), attempts=3, base=0.01, sleep=sleeps.append)
    check_png(result.files[0])
    assert len(sleeps) == 2 and 0.005 <= sleeps[0] <= 0.01 and 0.01 <= sleeps[1] <= 0.02
    server.faults.http_error["/prompt"] = 5
    with pytest.raises(TransientError):
        with_retries(lambda: run_portrait(client, "job-doomed"), attempts=2, base=0.01, sleep=sleeps.append)


def test_execution_errors_are_not_retried(server, client):
    server.faults.job_error = 1
    calls = []

    def attempt():
        calls.append(1)
        return run_portrait(client, "job-failing")

    with pytest.raises(ExecutionError):
        with_retries(attempt, attempts=3, base=0.01, sleep=lambda s: None)
    assert len(calls) == 1


# --- the auth token ---------------------------------------------------------

def test_the_token_is_sent_but_never_logged_or_shown(monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)  # httpx, httpcore, websockets and ours, all levels
    monkeypatch.setenv("BACKBAY_TEST_COMFY_TOKEN", TOKEN)
    errors = []
    with ComfyTestServer(job_seconds=0.05, token=TOKEN) as server:
        with pytest.raises(RequestRejected) as caught:  # without the token: 401, not retried
            with ComfyClient(server.url, name="secure", timeouts=FAST) as anonymous:
                run_portrait(anonymous, "job-anon")
        assert caught.value.status == 401
        with ComfyClient(server.url, name="secure", token_env="BACKBAY_TEST_COMFY_TOKEN", timeouts=FAST) as client:
            assert run_portrait(client, "job-ok").via == "websocket"  # the token reached HTTP and websocket
            server.faults.echo_headers = True
            for inject in (lambda: server.faults.http_error.update({"/prompt": 1}),
                           lambda: setattr(server.faults, "job_error", 1),
                           lambda: server.faults.outputs.append("html")):
                inject()
                with pytest.raises(Exception) as caught:
                    run_portrait(client, f"job-{len(errors)}")
                errors.append(caught.value)
            shown = [repr(client), str(vars(client).get("name"))]
    assert "request headers" in str(errors[0])  # the leaky 503 body did come back, redacted
    for error in errors:
        shown += [str(error), repr(error), "".join(traceback.format_exception(error))]
    shown += [record.getMessage() for record in caplog.records] + [caplog.text]
    assert all(TOKEN not in text for text in shown)
    assert any("websocket" in record.name or "httpcore" in record.name for record in caplog.records)


def test_a_missing_token_variable_is_named(monkeypatch):
    monkeypatch.delenv("BACKBAY_UNSET_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="BACKBAY_UNSET_TOKEN"):
        ComfyClient("http://127.0.0.1:9", token_env="BACKBAY_UNSET_TOKEN")


# --- output validation ------------------------------------------------------

def test_png_validation():
    good = make_png(b"0123456789abcdef")
    assert check_png(good) == (64, 64)
    for bad in (good[:-20], good[:len(good) // 2], b"<!DOCTYPE html><html></html>", b"", good[:8]):
        with pytest.raises(ValueError):
            check_png(bad)
    with pytest.raises(ValueError, match="over"):
        check_png(good, Limits(image_bytes=100))
    with pytest.raises(ValueError, match="over the limit"):
        check_png(good, Limits(image_pixels=63 * 63))


def test_glb_validation():
    good = make_glb(b"0123456789abcdef")
    check_glb(good)
    cut = good[:-8]
    for bad in (cut, struct.pack("<4sII", b"glTF", 2, len(cut)) + cut[12:], b"<html>" + good, good[:12]):
        with pytest.raises(ValueError):
            check_glb(bad)
    gltf_length = struct.unpack_from("<I", good, 12)[0]
    gltf = json.loads(good[20:20 + gltf_length])
    gltf["accessors"][1]["count"] = 99  # indices past the end of the binary chunk; same JSON length
    text = json.dumps(gltf).encode().ljust(gltf_length)
    assert len(text) == gltf_length
    with pytest.raises(ValueError, match="accessor"):
        check_glb(good[:20] + text + good[20 + gltf_length:])
    with pytest.raises(ValueError, match="over"):
        check_glb(good, Limits(mesh_bytes=100))
