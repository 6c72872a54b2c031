"""RunPod pod control over real HTTP: pipeline/backends/comfyui/pods.py against
tests/runpod_test_server.py, each pod's ComfyUI a ComfyTestServer that the RunPod
double starts when the pod reaches RUNNING and kills when it stops."""
from __future__ import annotations

import logging
import time

import pytest
import yaml

from pipeline.backends.comfyui import pods
from pipeline.backends.comfyui.client import ComfyClient
from pipeline.backends.comfyui.pods import PodError, RunPodClient, pod_states, start_pods, stop_pods
from pipeline.backends.comfyui.servers import load_servers, parse_servers
from tests.comfy_test_server import ComfyTestServer
from tests.conftest import REPO
from tests.runpod_test_server import RunPodTestServer

KEY = "rpa_TESTKEY_7f3c9a1e5b0d42c8"
#: server name -> (role, pod id); material-1 is a plain server without a pod
LAYOUT = {"image-1": ("image", "img1pod"), "mesh-1": ("mesh", "mesh1pod"), "mesh-2": ("mesh", "mesh2pod")}


class Rig:
    """A RunPod double with pods, one ComfyTestServer per pod, and the servers.yaml naming them."""

    def __init__(self, monkeypatch, tmp_path):
        self.monkeypatch, self.tmp_path = monkeypatch, tmp_path
        self.comfy: dict[str, ComfyTestServer] = {}
        self._serving: set[str] = set()
        self.runpod = RunPodTestServer(api_key=KEY, start_seconds=0.2, on_start=self.serve, on_stop=self.halt)
        self.runpod.__enter__()
        monkeypatch.setenv("RUNPOD_API_KEY", KEY)
        monkeypatch.setenv(pods.URL_ENV, self.runpod.url)
        monkeypatch.setattr(pods, "RETRY_BASE_S", 0.01)

    def serve(self, pod_id: str) -> None:
        comfy = self.comfy[pod_id]
        if pod_id not in self._serving and not comfy.dead:
            self._serving.add(pod_id)
            comfy.__enter__()

    def halt(self, pod_id: str) -> None:
        self.comfy[pod_id].kill()

    def add(self, pod_id: str, status: str = "EXITED", **kwargs) -> ComfyTestServer:
        self.runpod.add_pod(pod_id, status=status, **kwargs)
        self.comfy[pod_id] = ComfyTestServer(job_seconds=0.05)
        if status == "RUNNING":
            self.serve(pod_id)
        return self.comfy[pod_id]

    def config(self, statuses: dict[str, str] | None = None, *, unset_url: str | None = None, **pod_kwargs):
        """servers.yaml with LAYOUT's pods (status per server name, default EXITED) and material-1."""
        roles: dict[str, list] = {}
        for name, (role, pod_id) in LAYOUT.items():
            self.add(pod_id, (statuses or {}).get(name, "EXITED"), **pod_kwargs.get(name, {}))
            variable = f"BACKBAY_TEST_{name.upper().replace('-', '_')}_URL"
            if name == unset_url:
                self.monkeypatch.delenv(variable, raising=False)
            else:
                self.monkeypatch.setenv(variable, self.comfy[pod_id].url)
            roles.setdefault(role, []).append({"name": name, "url_env": variable, "hourly_usd": 0.69,
                                               "pod_id": pod_id})
        roles["material"] = [{"name": "material-1", "url": "http://127.0.0.1:9", "hourly_usd": 0.5}]
        data = {"version": 1, "runpod": {"api_key_env": "RUNPOD_API_KEY"}, "roles": roles}
        path = self.tmp_path / "servers.yaml"
        path.write_text(yaml.safe_dump(data))
        return parse_servers(data, str(path), need_urls=False)

    def close(self) -> None:
        self.runpod.close()
        for comfy in self.comfy.values():
            comfy.kill()


@pytest.fixture
def rig(monkeypatch, tmp_path):
    rig = Rig(monkeypatch, tmp_path)
    yield rig
    rig.close()


def started(rig) -> list[str]:
    return [path.split("/")[-2] for path in rig.runpod.calls("POST", "/start")]


# --- start -------------------------------------------------------------------


def test_start_waits_until_running_and_comfyui_answers(rig):
    config = rig.config()
    for comfy in rig.comfy.values():
        comfy.faults.http_error["/system_stats"] = 2  # RunPod's proxy answers 5xx while ComfyUI starts
    lines = []
    began = time.monotonic()
    results = start_pods(config, poll=0.05, timeout=10, out=lines.append)
    assert time.monotonic() - began >= rig.runpod.start_seconds
    assert [r["server"] for r in results] == ["image-1", "mesh-1", "mesh-2"]
    assert all(r["ready"] and r["action"] == "started" and r["desiredStatus"] == "RUNNING" for r in results)
    assert sorted(started(rig)) == ["img1pod", "mesh1pod", "mesh2pod"]
    assert all(comfy.faults.http_error["/system_stats"] == 0 for comfy in rig.comfy.values())  # it did wait
    for name, (_, pod_id) in LAYOUT.items():  # each ComfyUI really answers now
        assert ComfyClient(rig.comfy[pod_id].url, name=name).system_stats()["devices"]
    assert len(lines) == 3
    line = next(line for line in lines if line.startswith("mesh-1:"))
    assert "mesh1pod" in line and "RTX A5000" in line and "$0.69/h" in line and "ready" in line
    assert not any("127.0.0.1" in line or "http" in line for line in lines)  # never a URL
    headers = rig.runpod.requests[0]["headers"]
    assert headers["Authorization"] == f"Bearer {KEY}"


def test_running_pods_are_not_started_again(rig):
    config = rig.config({"image-1": "RUNNING", "mesh-1": "RUNNING"})
    results = start_pods(config, poll=0.05, timeout=10, out=lambda line: None)
    assert {r["server"]: r["action"] for r in results} == {
        "image-1": "already running", "mesh-1": "already running", "mesh-2": "started"}
    assert started(rig) == ["mesh2pod"]
    again = start_pods(config, poll=0.05, timeout=10, out=lambda line: None)
    assert {r["action"] for r in again} == {"already running"} and started(rig) == ["mesh2pod"]


def test_role_filter_starts_only_those_roles(rig):
    config = rig.config()
    results = start_pods(config, ["mesh"], poll=0.05, timeout=10, out=lambda line: None)
    assert [r["server"] for r in results] == ["mesh-1", "mesh-2"]
    assert sorted(started(rig)) == ["mesh1pod", "mesh2pod"]
    assert rig.runpod.pods["img1pod"]["desiredStatus"] == "EXITED"
    with pytest.raises(PodError, match="unknown role 'meshes' — roles are image, mesh, material"):
        start_pods(config, ["meshes"], out=lambda line: None)
    assert start_pods(config, ["material"], out=(lines := []).append) == []  # material-1 has no pod
    assert "no RunPod pods configured" in lines[0]


def test_start_without_wait_returns_at_once(rig):
    config = rig.config()
    lines = []
    results = start_pods(config, ["image"], wait=False, out=lines.append)
    assert results[0]["action"] == "started" and not results[0]["ready"]
    assert started(rig) == ["img1pod"] and "start requested" in lines[0]


def test_unset_url_variable_is_named_before_any_pod_starts(rig):
    config = rig.config(unset_url="mesh-2")
    with pytest.raises(PodError) as error:
        start_pods(config, poll=0.05, out=lambda line: None)
    message = str(error.value)
    assert "mesh-2" in message and "BACKBAY_TEST_MESH_2_URL" in message and "servers.yaml" in message
    assert rig.runpod.requests == []  # nothing started, nothing billing


def test_comfyui_that_never_answers_times_out_clearly(rig):
    config = rig.config()
    rig.comfy["mesh1pod"].faults.http_error["/system_stats"] = 10**6
    with pytest.raises(PodError) as error:
        start_pods(config, ["mesh"], poll=0.05, timeout=0.8, out=(lines := []).append)
    message = str(error.value)
    assert "not ready after 0.8 s" in message and "mesh-1 (pod mesh1pod)" in message and "pods_stop" in message
    assert "mesh-2" not in message.split("—")[0] and any(line.startswith("mesh-2:") for line in lines)
    assert rig.comfy["mesh1pod"].url not in message


def test_terminated_and_zero_gpu_pods_are_refused(rig):
    config = rig.config({"image-1": "TERMINATED"}, **{"mesh-1": {"gpu_count": 0}})
    with pytest.raises(PodError, match="image-1: pod img1pod is terminated — create a new pod"):
        start_pods(config, ["image"], out=lambda line: None)
    with pytest.raises(PodError, match="mesh-1: pod mesh1pod is running with zero GPUs"):
        start_pods(config, ["mesh"], poll=0.05, out=lambda line: None)


def test_a_pod_that_cannot_start_does_not_stop_the_others(rig):
    config = rig.config()
    rig.runpod.faults.start_error["mesh2pod"] = (400, "There are not enough free GPUs on the host machine")
    with pytest.raises(PodError) as error:
        start_pods(config, ["mesh"], poll=0.05, timeout=10, out=(lines := []).append)
    message = str(error.value)
    assert "mesh-2" in message and "not enough free GPUs" in message and "servers.yaml" in message
    assert "started and billing: mesh-1" in message
    assert rig.runpod.pods["mesh1pod"]["desiredStatus"] == "RUNNING" and lines[0].startswith("mesh-1:")


# --- stop and status -------------------------------------------------------------


def test_stop_stops_running_pods_and_skips_stopped_ones(rig):
    config = rig.config({"image-1": "RUNNING", "mesh-1": "RUNNING"})
    lines = []
    results = stop_pods(config, out=lines.append)
    assert {r["server"]: r["action"] for r in results} == {
        "image-1": "stopped", "mesh-1": "stopped", "mesh-2": "already stopped"}
    assert sorted(path.split("/")[-2] for path in rig.runpod.calls("POST", "/stop")) == ["img1pod", "mesh1pod"]
    assert all(pod["desiredStatus"] == "EXITED" for pod in rig.runpod.pods.values())
    assert rig.comfy["mesh1pod"].dead  # the pod's ComfyUI went with it
    assert len(lines) == 3 and not any("http" in line for line in lines)


def test_stop_with_roles_and_past_a_failing_pod(rig):
    config = rig.config({"image-1": "RUNNING", "mesh-1": "RUNNING", "mesh-2": "RUNNING"})
    assert [r["server"] for r in stop_pods(config, ["image"], out=lambda line: None)] == ["image-1"]
    assert rig.runpod.pods["mesh1pod"]["desiredStatus"] == "RUNNING"
    del rig.runpod.pods["mesh1pod"]  # terminated and gone behind our back
    with pytest.raises(PodError) as error:
        stop_pods(config, ["mesh"], out=lambda line: None)
    assert "mesh-1: pod mesh1pod not found (404)" in str(error.value)
    assert rig.runpod.pods["mesh2pod"]["desiredStatus"] == "EXITED"  # still stopped


def test_pod_states(rig):
    config = rig.config({"mesh-1": "RUNNING"}, **{"mesh-2": {"cost_per_hr": "0.74", "gpu_count": 2}})
    del rig.runpod.pods["img1pod"]
    states = pod_states(config)
    assert states["mesh-1"] == {"desiredStatus": "RUNNING", "costPerHr": 0.69, "gpu": "RTX A5000"}
    assert states["mesh-2"] == {"desiredStatus": "EXITED", "costPerHr": 0.74, "gpu": "2x RTX A5000"}
    assert states["image-1"]["desiredStatus"] is None and "not found" in states["image-1"]["error"]
    assert "material-1" not in states


# --- failures and the key ----------------------------------------------------------


def test_5xx_and_dropped_connections_are_retried(rig):
    config = rig.config()
    rig.runpod.faults.http_error["/v1/pods/mesh1pod"] = 2
    rig.runpod.faults.drop["/v1/pods/mesh1pod/start"] = 1
    results = start_pods(config, ["mesh"], poll=0.05, timeout=10, out=lambda line: None)
    assert all(r["ready"] for r in results)
    assert rig.runpod.calls("POST", "/mesh1pod/start") == ["/v1/pods/mesh1pod/start"] * 2
    rig.runpod.faults.http_error["/v1/pods/mesh2pod"] = 100
    before = len(rig.runpod.requests)
    error = pod_states(config)["mesh-2"]["error"]
    assert error.startswith("mesh-2: GET pod mesh2pod: RunPod answered 503: upstream connect error")
    assert "gave up after 4 attempts" in error
    assert [r["path"] for r in rig.runpod.requests[before:]].count("/v1/pods/mesh2pod") == 4


def test_wrong_key_missing_key_and_unknown_pod_give_clear_errors(rig, monkeypatch):
    config = rig.config()
    monkeypatch.setenv("RUNPOD_API_KEY", "rpa_WRONG_0000")
    with pytest.raises(PodError, match="RunPod refused the API key .* check RUNPOD_API_KEY") as error:
        start_pods(config, out=lambda line: None)
    assert error.value.status == 401 and len(rig.runpod.requests) == 1  # one refusal is enough
    monkeypatch.delenv("RUNPOD_API_KEY")
    with pytest.raises(PodError, match=r"servers.yaml: runpod.api_key_env: environment variable RUNPOD_API_KEY "
                                       r"is not set — export RUNPOD_API_KEY="):
        stop_pods(config, out=lambda line: None)
    monkeypatch.setenv("RUNPOD_API_KEY", KEY)
    del rig.runpod.pods["mesh2pod"]
    with pytest.raises(PodError, match=r"mesh-2: pod mesh2pod not found \(404\) — check pod_id in .*servers.yaml"):
        start_pods(config, ["mesh"], poll=0.05, out=lambda line: None)


def test_the_api_key_never_leaks(rig, monkeypatch, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "pipeline"):
        caplog.set_level(logging.DEBUG, logger=name)
    config = rig.config({"image-1": "RUNNING"})
    rig.runpod.faults.echo_headers = True  # error answers quote the request's Authorization header
    rig.runpod.faults.http_error["/v1/pods/mesh1pod"] = 2
    texts = []
    start_pods(config, poll=0.05, timeout=10)  # prints to stdout
    stop_pods(config)
    rig.runpod.faults.http_error["/v1/pods/mesh1pod"] = 100
    with pytest.raises(PodError) as error:
        stop_pods(config, ["mesh"])
    texts.append(str(error.value))
    del rig.runpod.pods["mesh2pod"]
    texts.append(pod_states(config)["mesh-2"]["error"])
    with pytest.raises(PodError) as error:
        start_pods(config, ["mesh"])
    texts += [str(error.value), repr(error.value)]
    monkeypatch.setenv("RUNPOD_API_KEY", f"{KEY}x")  # the wrong key, echoed back in a 401, must not show either
    with pytest.raises(PodError) as error:
        start_pods(config)
    texts.append(str(error.value))
    client = RunPodClient.from_config(config)
    texts.append(repr(client))
    client.close()
    assert "HTTP Request" in caplog.text and "request headers" in texts[0]  # httpx logged; the server echoed
    printed = capsys.readouterr()
    for text in [caplog.text, printed.out, printed.err, *texts]:
        assert KEY not in text
    assert "[key]" in texts[0]


def test_servers_example_loads(monkeypatch):
    monkeypatch.chdir(REPO)
    for variable in ("BACKBAY_IMAGE_1_URL", "BACKBAY_MESH_1_URL", "BACKBAY_MESH_2_URL", "BACKBAY_MATERIAL_1_URL"):
        monkeypatch.delenv(variable, raising=False)
    config = load_servers("servers.example.yaml", need_urls=False)
    assert {role: len(config.role(role)) for role in ("image", "mesh", "material")} == {
        "image": 1, "mesh": 2, "material": 1}
    assert all(server.pod_id for server in config.servers) and config.runpod_api_key_env == "RUNPOD_API_KEY"
    assert all(server.url == "" for server in config.servers)  # every URL from url_env: a proxy URL is secret
