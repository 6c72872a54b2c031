# The load test of the exported Godot project (docs/export-formats.md, "Godot project").
#
#     godot3-server --path out/godot -s res://check.gd
#
# Run after the editor's import (python -m pipeline.godot_check does both). Reads
# res://manifest.json (the manifest as JSON: GDScript has no YAML parser) and loads
# every file listed there as the game would: textures (real size, since a failed
# import still loads as an 8x8 placeholder), GLB scenes (instanced, vertices counted,
# triangles compared), AtlasTextures (page, region, margin), SpriteFrames per unit.
# Prints one "FAIL <path>: <why>" line per failure, then a summary line;
# exits 1 on any failure.
extends SceneTree

const ASSETS = "res://assets/"
var failures = []
var checked = 0
var import_checked = {}  # res paths whose .import was checked with their manifest entry


func _init():
	var manifest = read_json("res://manifest.json")
	if typeof(manifest) != TYPE_DICTIONARY or not manifest.has("files"):
		fail("manifest.json", "missing or not a manifest")
	else:
		check_files(manifest["files"])
	check_import_files(ASSETS)
	for line in failures:
		print(line)
	print("GODOT CHECK: %d files checked, %d failures" % [checked, failures.size()])
	quit(1 if failures else 0)


func fail(path, why):
	failures.append("FAIL %s: %s" % [path, why])


func res_path(out_path):
	# out/<x> is exported as res://assets/<x>
	return ASSETS + out_path.substr(4)


func read_json(path):
	var file = File.new()
	if file.open(path, File.READ) != OK:
		return null
	var parsed = JSON.parse(file.get_as_text())
	file.close()
	return parsed.result if parsed.error == OK else null


func check_files(entries):
	# Atlas members page by page, holding the page: Godot frees an unreferenced
	# texture, and reloading a 4096x4096 page for each member costs seconds.
	var members = {}
	for entry in entries:
		if entry.has("atlas"):
			var page = entry["atlas"]["page"]
			if not members.has(page):
				members[page] = []
			members[page].append(entry)
		else:
			check_entry(entry)
		checked += 1
	for page in members:
		var held = load(res_path(page)) if File.new().file_exists(res_path(page)) else null
		for entry in members[page]:
			check_atlas_member(entry)


func check_entry(entry):
	var path = entry["path"]
	if path.ends_with(".png"):
		check_texture(entry)
	elif path.ends_with(".glb"):
		check_scene(entry)
	elif path.ends_with(".json"):
		check_atlas_data(entry)
	elif not File.new().file_exists(res_path(path)):
		fail(path, "missing from the project: " + res_path(path))


# A source file is loadable only when its import succeeded: the .import file
# names the imported resource and does not say valid=false.
func import_error(res):
	import_checked[res] = true
	if not File.new().file_exists(res):
		return "missing from the project: " + res
	var config = ConfigFile.new()
	if config.load(res + ".import") != OK:
		return "not imported (no readable %s.import)" % res
	if not config.get_value("remap", "valid", true):
		return "import failed (valid=false in %s.import)" % res
	var file = File.new()
	for dest in config.get_value("deps", "dest_files", []):
		if not file.file_exists(dest):
			return "imported file missing: " + dest
	return ""


func load_imported(path, res, type):
	# the imported resource of a source file, or null once the failure is named
	var error = import_error(res)
	if error:
		fail(path, error)
		return null
	var resource = load(res)
	if resource == null or not resource.is_class(type):
		fail(path, "loads as %s, not a %s" % [resource, type])
		return null
	return resource


func check_texture(entry):
	var texture = load_imported(entry["path"], res_path(entry["path"]), "StreamTexture")
	if texture != null:
		check_size(entry, texture, "texture")


func check_size(entry, texture, what):
	# the real size: a failed import loads as an 8x8 placeholder
	var size = [texture.get_width(), texture.get_height()]
	var expected = [int(entry["width"]), int(entry["height"])]
	if size != expected:
		fail(entry["path"], "%s is %dx%d, the manifest says %dx%d" % ([what] + size + expected))


func check_scene(entry):
	var path = entry["path"]
	var scene = load_imported(path, res_path(path), "PackedScene")
	if scene == null:
		return
	var root = scene.instance()
	if root == null:
		fail(path, "the scene does not instance")
		return
	var counts = count_geometry(root)
	root.free()
	if counts[0] == 0:
		fail(path, "the scene has no vertices")
	elif entry.has("triangles") and counts[1] != int(entry["triangles"]):
		fail(path, "%d triangles after import, the manifest says %d" % [counts[1], int(entry["triangles"])])


func count_geometry(root):
	# [vertices, triangles] of every MeshInstance under root
	var vertices = 0
	var triangles = 0
	var todo = [root]
	while todo:
		var node = todo.pop_back()
		todo += node.get_children()
		if node is MeshInstance and node.mesh:
			for surface in node.mesh.get_surface_count():
				var arrays = node.mesh.surface_get_arrays(surface)
				var count = arrays[Mesh.ARRAY_VERTEX].size()
				var indices = arrays[Mesh.ARRAY_INDEX]
				vertices += count
				triangles += (indices.size() if indices else count) / 3
	return [vertices, triangles]


func check_atlas_member(entry):
	var path = entry["path"]
	var res = res_path(path).get_basename() + ".tres"
	var atlas = entry["atlas"]
	var texture = load(res) if File.new().file_exists(res) else null
	if not texture is AtlasTexture:
		fail(path, "%s is missing or not an AtlasTexture" % res)
		return
	var page = res_path(atlas["page"])
	if texture.atlas == null or texture.atlas.resource_path != page:
		fail(path, "AtlasTexture page is %s, the manifest says %s"
				% [texture.atlas.resource_path if texture.atlas else "none", page])
	var frame = atlas["frame"]
	var region = Rect2(frame[0], frame[1], frame[2], frame[3])
	if texture.region != region:
		fail(path, "AtlasTexture region is %s, the manifest frame is %s" % [texture.region, region])
	var source = atlas["source_size"]
	var offset = atlas["offset"]
	var margin = Rect2(offset[0], offset[1], source[0] - frame[2], source[1] - frame[3])
	if texture.margin != margin:
		fail(path, "AtlasTexture margin is %s, expected %s from the trim offset and source size"
				% [texture.margin, margin])
	check_size(entry, texture, "AtlasTexture")


func check_atlas_data(entry):
	var path = entry["path"]
	var data = read_json(res_path(path))
	if typeof(data) != TYPE_DICTIONARY or not data.has("frames"):
		fail(path, "missing or not atlas JSON")
	elif path.begins_with("out/atlases/units/"):
		check_sprite_frames(path, entry["asset"], data.get("animations", {}))


func check_sprite_frames(path, unit, animations):
	var res = ASSETS + "sprites/unit/%s/frames.tres" % unit
	var frames = load(res) if File.new().file_exists(res) else null
	if not frames is SpriteFrames:
		fail(path, "%s is missing or not SpriteFrames" % res)
		return
	for name in animations:
		var animation = animations[name]
		if not frames.has_animation(name):
			fail(res, "no animation " + name)
			continue
		var expected = []
		for key in animation["frames"]:
			expected.append(ASSETS + key + ".tres")
		var found = []
		for index in frames.get_frame_count(name):
			var texture = frames.get_frame(name, index)
			found.append(texture.resource_path if texture else "none")
		if found != expected:
			fail(res, "animation %s has frames %s, the atlas says %s" % [name, found, expected])
		var speed = 1.0 / float(animation["frame_seconds"])
		if abs(frames.get_animation_speed(name) - speed) > 0.001:
			fail(res, "animation %s plays at %s fps, the atlas says %s" % [name, frames.get_animation_speed(name), speed])
	for name in frames.get_animation_names():
		if not animations.has(name):
			fail(res, "animation %s is not in the atlas" % name)


func check_import_files(folder):
	# every .import file under assets/, including those of files the manifest
	# does not list (a stray file that failed to import is still a broken project)
	var directory = Directory.new()
	if directory.open(folder) != OK:
		fail(folder, "cannot open the folder")
		return
	directory.list_dir_begin(true, true)
	var name = directory.get_next()
	while name != "":
		var path = folder.plus_file(name)
		if directory.current_is_dir():
			check_import_files(path)
		elif name.ends_with(".import") and not import_checked.has(path.get_basename()):
			var error = import_error(path.get_basename())
			if error:
				fail(path.get_basename(), error)
		name = directory.get_next()
	directory.list_dir_end()
