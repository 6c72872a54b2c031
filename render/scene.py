"""The Blender scene for one mesh's sprites: model, camera, lights, world, render settings.

Runs inside Blender (`bpy`). `build_scene(spec, mesh_path)` sets up everything
once per mesh; `pose_model(scene, matrix)` and `use_lighting(scene, name)`
change only what differs between that mesh's sprites. What is rendered (rig
numbers, sprite list) comes from pipeline/sprite_sets.py through the spec; how
it looks (light rigs, sky, ground, shading) is decided here.

Axes: the spec speaks glTF (Y up, front +Z); Blender is Z up, and its glTF
importer maps glTF (x, y, z) to Blender (x, -z, y). GLTF_TO_BLENDER does the
same for the rig's matrices and points.
"""
from __future__ import annotations

import json
import math

import bpy
from mathutils import Matrix, Vector

GLTF_TO_BLENDER = Matrix(((1, 0, 0, 0), (0, 0, -1, 0), (0, 1, 0, 0), (0, 0, 0, 1)))

# Light rigs, fixed to the camera (models turn, lights do not). Sun direction =
# where the light comes from, in glTF axes (x screen right, y up, z towards the viewer).
LIGHTINGS = {
    "day": {"sun_from": (-0.55, 0.8, 0.45), "sun_colour": (1.0, 0.95, 0.86), "sun_strength": 2.6,
            "sky_colour": (0.55, 0.66, 0.85), "sky_strength": 0.4},
    "dusk": {"sun_from": (0.85, 0.28, 0.35), "sun_colour": (1.0, 0.52, 0.26), "sun_strength": 2.6,
             "sky_colour": (0.42, 0.36, 0.62), "sky_strength": 0.4},
    # the wonders' splash screens: warm late-morning sun, gradient sky, ground plane
    "hero": {"sun_from": (-0.6, 0.55, 0.55), "sun_colour": (1.0, 0.93, 0.82), "sun_strength": 3.0,
             "sky_colour": (0.5, 0.65, 0.9), "sky_strength": 0.8},
}
HERO_SKY = {"horizon": (0.86, 0.82, 0.74), "zenith": (0.22, 0.42, 0.78)}
HERO_GROUND = {"near": (0.33, 0.4, 0.2), "far": (0.52, 0.48, 0.32)}
SUN_ANGLE_DEG = 3.0  # slightly soft shadows


def _to_blender(vector) -> Vector:
    x, y, z = vector
    return Vector((x, -z, y))


def _blender_matrix(row_major: list[float]) -> Matrix:
    gltf = Matrix([row_major[i * 4:(i + 1) * 4] for i in range(4)])
    return GLTF_TO_BLENDER @ gltf @ GLTF_TO_BLENDER.inverted()


def _clear_scene() -> bpy.types.Scene:
    bpy.ops.wm.read_factory_settings(use_empty=True)
    return bpy.context.scene


def _vertex_colour_material(attribute: str) -> bpy.types.Material:
    material = bpy.data.materials.new("vertex_colour")
    material.use_nodes = True
    nodes, links = material.node_tree.nodes, material.node_tree.links
    nodes.clear()
    colour = nodes.new("ShaderNodeVertexColor")
    colour.layer_name = attribute
    # Diffuse, not Principled: the models are flat-coloured low-poly shapes and
    # Diffuse costs a quarter less render time at the same look.
    diffuse = nodes.new("ShaderNodeBsdfDiffuse")
    output = nodes.new("ShaderNodeOutputMaterial")
    links.new(colour.outputs["Color"], diffuse.inputs["Color"])
    links.new(diffuse.outputs["BSDF"], output.inputs["Surface"])
    return material


def _import_model(scene, mesh_path: str) -> bpy.types.Object:
    """Import the GLB under one empty (`model`) that poses it; returns the empty."""
    before = set(bpy.data.objects)
    result = bpy.ops.import_scene.gltf(filepath=mesh_path)
    if "FINISHED" not in result:
        raise RuntimeError(f"Blender's glTF importer refused {mesh_path}")
    imported = [o for o in bpy.data.objects if o not in before]
    meshes = [o for o in imported if o.type == "MESH"]
    if not meshes:
        raise RuntimeError(f"{mesh_path} holds no mesh")
    model = bpy.data.objects.new("model", None)
    scene.collection.objects.link(model)
    for obj in imported:
        if obj.parent is None:
            obj.parent = model
    for obj in meshes:
        colours = obj.data.color_attributes
        if len(colours):  # procedural meshes carry per-vertex colours (COLOR_0)
            material = _vertex_colour_material(colours[0].name)
            obj.data.materials.clear()
            obj.data.materials.append(material)
    return model


def _add_sun(scene, name: str, lighting: dict) -> bpy.types.Object:
    data = bpy.data.lights.new(name, "SUN")
    data.energy = lighting["sun_strength"]
    data.color = lighting["sun_colour"]
    data.angle = math.radians(SUN_ANGLE_DEG)
    sun = bpy.data.objects.new(name, data)
    scene.collection.objects.link(sun)
    # a sun shines along its local -Z: point -Z away from where the light comes from
    sun.rotation_euler = (-_to_blender(lighting["sun_from"])).to_track_quat("-Z", "Y").to_euler()
    return sun


def _add_camera(scene, camera: dict) -> None:
    data = bpy.data.cameras.new("camera")
    obj = bpy.data.objects.new("camera", data)
    scene.collection.objects.link(obj)
    scene.camera = obj
    data.clip_start, data.clip_end = 0.1, 5000.0
    if camera["projection"] == "orthographic":
        width, height = camera["size"]
        elevation = math.radians(camera["elevation_deg"])
        data.type = "ORTHO"
        data.ortho_scale = max(width, height) / camera["pixels_per_metre"]
        # the view centre (u, v) in screen metres is the ground-plane point x = u, y = v / cos(e)
        centre_u, centre_v = camera["centre"]
        target = _to_blender((centre_u, centre_v / math.cos(elevation), 0.0))
        distance = 500.0
        obj.location = target + Vector((0.0, -distance * math.cos(elevation), distance * math.sin(elevation)))
        obj.rotation_euler = (math.pi / 2 - elevation, 0.0, 0.0)
    else:
        data.type = "PERSP"
        data.lens = camera["focal_mm"]
        data.sensor_width = camera["sensor_mm"]
        data.sensor_fit = "HORIZONTAL"


def frame_hero(scene, model, camera: dict) -> None:
    """Point the perspective camera at the model's bounding box from the rig's direction."""
    corners = [obj.matrix_world @ Vector(corner) for obj in model.children_recursive if obj.type == "MESH"
               for corner in obj.bound_box]
    low = Vector((min(c.x for c in corners), min(c.y for c in corners), min(c.z for c in corners)))
    high = Vector((max(c.x for c in corners), max(c.y for c in corners), max(c.z for c in corners)))
    target, radius = (low + high) / 2, (high - low).length / 2
    width, height = camera["size"]
    half_fov = math.atan(camera["sensor_mm"] * height / width / 2 / camera["focal_mm"])
    distance = radius / math.sin(half_fov) / camera["fill"]
    azimuth, elevation = math.radians(camera["azimuth_deg"]), math.radians(camera["elevation_deg"])
    towards_camera = _to_blender((math.cos(elevation) * math.sin(azimuth), math.sin(elevation),
                                  math.cos(elevation) * math.cos(azimuth)))
    scene.camera.location = target + towards_camera * distance
    scene.camera.rotation_euler = (-towards_camera).to_track_quat("-Z", "Y").to_euler()


def _add_world(scene, hero: bool) -> None:
    world = bpy.data.worlds.new("world")
    scene.world = world
    world.use_nodes = True
    nodes, links = world.node_tree.nodes, world.node_tree.links
    background = nodes["Background"]
    # no importance map: building one costs ~2 s per 1080p render, and for a
    # constant or smooth sky cosine-weighted BSDF sampling is as good
    world.cycles.sampling_method = "NONE"
    if hero:  # a horizon-to-zenith gradient behind the wonder, lighting it too
        coords = nodes.new("ShaderNodeTexCoord")
        split = nodes.new("ShaderNodeSeparateXYZ")
        ramp = nodes.new("ShaderNodeValToRGB")
        ramp.color_ramp.elements[0].position = 0.0
        ramp.color_ramp.elements[0].color = (*HERO_SKY["horizon"], 1.0)
        ramp.color_ramp.elements[1].position = 0.3
        ramp.color_ramp.elements[1].color = (*HERO_SKY["zenith"], 1.0)
        links.new(coords.outputs["Generated"], split.inputs["Vector"])
        links.new(split.outputs["Z"], ramp.inputs["Fac"])
        links.new(ramp.outputs["Color"], background.inputs["Color"])


def _add_ground(scene, radius: float) -> None:
    """A wide ground disc under the wonder, its colour varying with a noise texture."""
    bpy.ops.mesh.primitive_circle_add(vertices=64, radius=radius, fill_type="NGON", location=(0, 0, 0))
    ground = bpy.context.active_object
    ground.name = "ground"
    material = bpy.data.materials.new("ground")
    material.use_nodes = True
    nodes, links = material.node_tree.nodes, material.node_tree.links
    nodes.clear()
    coords = nodes.new("ShaderNodeTexCoord")
    noise = nodes.new("ShaderNodeTexNoise")
    noise.inputs["Scale"].default_value = 0.03  # per metre: patches of ~30 m
    links.new(coords.outputs["Object"], noise.inputs["Vector"])
    noise.inputs["Detail"].default_value = 6.0
    ramp = nodes.new("ShaderNodeValToRGB")
    ramp.color_ramp.elements[0].color = (*HERO_GROUND["near"], 1.0)
    ramp.color_ramp.elements[1].color = (*HERO_GROUND["far"], 1.0)
    diffuse = nodes.new("ShaderNodeBsdfDiffuse")
    output = nodes.new("ShaderNodeOutputMaterial")
    links.new(noise.outputs["Fac"], ramp.inputs["Fac"])
    links.new(ramp.outputs["Color"], diffuse.inputs["Color"])
    links.new(diffuse.outputs["BSDF"], output.inputs["Surface"])
    ground.data.materials.append(material)


def _render_settings(scene, spec: dict, device: str, threads: int) -> None:
    render = scene.render
    render.engine = "CYCLES"
    render.resolution_x, render.resolution_y = spec["camera"]["size"]
    render.resolution_percentage = 100
    render.film_transparent = spec["transparent"]
    render.threads_mode = "FIXED" if threads > 0 else "AUTO"
    if threads > 0:
        render.threads = threads
    render.image_settings.file_format = "PNG"
    render.image_settings.color_mode = "RGBA" if spec["transparent"] else "RGB"
    render.image_settings.color_depth = "8"
    render.image_settings.compression = 15  # a temporary file, read back at once: favour speed
    render.use_stamp = False
    for flag in ("use_stamp_date", "use_stamp_time", "use_stamp_render_time", "use_stamp_frame",
                 "use_stamp_camera", "use_stamp_lens", "use_stamp_scene", "use_stamp_filename",
                 "use_stamp_memory", "use_stamp_hostname", "use_stamp_frame_range", "use_stamp_marker",
                 "use_stamp_sequencer_strip", "use_stamp_note"):
        setattr(render, flag, False)
    scene.view_settings.view_transform = "Standard"  # the models' colours as authored
    scene.view_settings.look = "None"
    cycles = scene.cycles
    cycles.device = "CPU" if device == "CPU" else "GPU"
    cycles.samples = spec["samples"]
    cycles.use_adaptive_sampling = False
    cycles.use_denoising = False
    cycles.seed = 0  # fixed: the same mesh gives the same pixels
    cycles.max_bounces = 4
    cycles.diffuse_bounces = 2
    cycles.glossy_bounces = 1
    cycles.transmission_bounces = 0
    cycles.volume_bounces = 0
    cycles.transparent_max_bounces = 2
    cycles.use_light_tree = False  # two lights at most: the tree only costs time
    cycles.pixel_filter_type = "BLACKMAN_HARRIS"
    cycles.filter_width = 1.5


def enable_device(device: str) -> None:
    """Use a GPU for Cycles when asked (settings.render.device / BACKBAY_RENDER_DEVICE)."""
    if device == "CPU":
        return
    preferences = bpy.context.preferences.addons["cycles"].preferences
    preferences.compute_device_type = device
    preferences.refresh_devices()
    gpus = [d for d in preferences.devices if d.type == device]
    if not gpus:
        raise RuntimeError(f"no {device} device found for Cycles; set settings.render.device to CPU "
                           f"(or BACKBAY_RENDER_DEVICE=CPU)")
    for candidate in preferences.devices:
        candidate.use = candidate.type == device


class SpriteScene:
    """One mesh loaded and lit, ready to render its sprites one after another.

    The next mesh of the same kind reuses the stage (`fits` then `swap_model`):
    only the model is replaced, which saves ~40 ms of set-up per mesh.
    """

    def __init__(self, spec: dict, mesh_path: str, device: str = "CPU", threads: int = 0) -> None:
        self.key = self._key(spec, device, threads)
        self.scene = scene = _clear_scene()
        enable_device(device)
        _render_settings(scene, spec, device, threads)
        self.model = _import_model(scene, mesh_path)
        self.spec_camera = spec["camera"]
        _add_camera(scene, spec["camera"])
        hero = spec["camera"]["projection"] == "perspective"
        _add_world(scene, hero)
        if hero:
            _add_ground(scene, spec["camera"]["ground_radius_m"])
        self.suns = {name: _add_sun(scene, f"sun_{name}", LIGHTINGS[name])
                     for name in sorted({sprite["lighting"] for sprite in spec["sprites"]})}
        self.lighting = None

    @staticmethod
    def _key(spec: dict, device: str, threads: int) -> str:
        """Everything of the stage but the model and the per-sprite poses."""
        lightings = sorted({sprite["lighting"] for sprite in spec["sprites"]})
        return json.dumps([spec["camera"], spec["samples"], spec["transparent"], lightings, device, threads],
                          sort_keys=True)

    def fits(self, spec: dict, device: str = "CPU", threads: int = 0) -> bool:
        return self.key == self._key(spec, device, threads)

    def swap_model(self, mesh_path: str) -> None:
        """Replace the model by another mesh's; camera, lights and settings stay."""
        doomed = [self.model, *self.model.children_recursive]
        meshes = {obj.data for obj in doomed if obj.type == "MESH"}
        materials = {m for mesh in meshes for m in mesh.materials if m is not None}
        for obj in doomed:
            bpy.data.objects.remove(obj, do_unlink=True)
        for mesh in meshes:
            bpy.data.meshes.remove(mesh)
        for material in materials:
            if material.users == 0:
                bpy.data.materials.remove(material)
        self.model = _import_model(self.scene, mesh_path)

    def use_lighting(self, name: str) -> None:
        if name == self.lighting:
            return
        for other, sun in self.suns.items():
            sun.hide_render = other != name
        lighting = LIGHTINGS[name]
        background = self.scene.world.node_tree.nodes["Background"]
        if name != "hero":  # the hero sky is a gradient, set up once
            background.inputs["Color"].default_value = (*lighting["sky_colour"], 1.0)
        background.inputs["Strength"].default_value = lighting["sky_strength"]
        self.lighting = name

    def pose_model(self, row_major: list[float]) -> None:
        self.model.matrix_world = _blender_matrix(row_major)
        if self.scene.camera.data.type == "PERSP":
            bpy.context.view_layer.update()  # world matrices of the children, for their bounds
            frame_hero(self.scene, self.model, self.spec_camera)

    def render_to(self, path: str) -> None:
        self.scene.render.filepath = path
        bpy.ops.render.render(write_still=True)
