# SPDX-License-Identifier: GPL-3.0-or-later
"""Flamenco Desk: report facts about the open .blend file and evaluate job-type settings.

Run as: blender -b FILE --factory-startup --python introspect.py -- INPUT_JSON

INPUT_JSON holds {"marker", "file", "jobName", "plan"}; "plan" is null or
{"steps": [...], "order": [...]} as built by electron/core/blender/settings-plan.ts.
The result is printed as ONE line "<marker> <json>" on stdout, because Blender prints
its own noise around it. This script never raises: failures become {"error": ...}.
"""

import json
import math
import os
import pathlib
import sys
import traceback

import bpy


def main():
    arguments = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    if not arguments:
        print("introspect.py: missing input file argument", file=sys.stderr)
        return
    with open(arguments[0], encoding="utf-8") as stream:
        request = json.load(stream)
    marker = request["marker"]
    try:
        result = introspect(request)
    except Exception as exception:  # report, never crash: the caller parses the marker line
        result = {"error": {"kind": "script", "message": "%s: %s" % (type(exception).__name__, exception),
                            "traceback": traceback.format_exc()}}
    line = json.dumps(result, allow_nan=False, default=str)
    sys.stdout.write("\n%s %s\n" % (marker, line))
    sys.stdout.flush()


def introspect(request):
    expected = request["file"]
    opened = bpy.data.filepath
    # Blender 3.x exits when -b FILE fails to load, but older versions went on with the
    # factory scene; never report that scene as the file's.
    if not opened or os.path.normcase(os.path.abspath(opened)) != os.path.normcase(os.path.abspath(expected)):
        return {"error": {"kind": "not-opened", "message": "Blender did not open %s (open file: %r)" % (expected, opened)}}

    scene = bpy.context.scene
    result = {
        "file": opened,
        "blenderVersion": bpy.app.version_string,
        "fileVersion": "%d.%d" % tuple(bpy.data.version[:2]),
        "fileSubversion": bpy.data.version[2],
        "activeScene": scene.name,
        "scenes": [scene_facts(each) for each in bpy.data.scenes],
        "blendPaths": sorted(set(bpy.utils.blend_paths(absolute=True))),
        "libraries": [
            {"name": library.name, "filepath": library.filepath,
             "absolutePath": os.path.abspath(bpy.path.abspath(library.filepath, library=library.library))}
            for library in bpy.data.libraries
        ],
    }
    plan = request.get("plan")
    if plan is not None:
        result["settings"] = evaluate_settings(plan, request.get("jobName", ""))
    return result


def scene_facts(scene):
    render = scene.render
    cameras = sorted(obj.name for obj in scene.objects if obj.type == "CAMERA")
    return {
        "name": scene.name,
        "frameStart": scene.frame_start,
        "frameEnd": scene.frame_end,
        "frameStep": scene.frame_step,
        "fps": render.fps / render.fps_base,
        "fpsBase": render.fps_base,
        "outputPath": render.filepath,
        "fileFormat": render.image_settings.file_format,
        "fileExtension": render.file_extension,
        "usePreview": bool(getattr(render.image_settings, "use_preview", False)),
        "engine": render.engine,
        "resolution": {"x": render.resolution_x, "y": render.resolution_y,
                       "percentage": render.resolution_percentage},
        "camera": scene.camera.name if scene.camera is not None else None,
        "cameras": cameras,
        "viewLayers": [{"name": layer.name, "use": bool(layer.use)} for layer in scene.view_layers],
    }


# --- Job-type settings, with the names the Flamenco add-on gives eval expressions ---------


class SettingFailed(Exception):
    """Reading settings.X where X has no value because its evaluation failed."""


class Settings:
    """Answers `settings.X` like the add-on's property group: the setting's current value."""

    def __init__(self, keys):
        object.__setattr__(self, "_keys", frozenset(keys))
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_errors", {})

    def __getattr__(self, name):
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        errors = object.__getattribute__(self, "_errors")
        if name in errors:
            raise SettingFailed("setting %r has no value: %s" % (name, errors[name]))
        if name in object.__getattribute__(self, "_keys"):
            # Only reachable through a reference the planner cannot see (e.g. getattr()).
            raise SettingFailed("setting %r is not evaluated yet" % name)
        raise AttributeError("job settings have no setting %r" % name)

    def __repr__(self):
        return "Settings(%r)" % object.__getattribute__(self, "_values")


def make_absolute(path):
    """Absolute, `..` resolved, links NOT followed; a Windows drive path stays as it is
    (normalised) on other platforms, like BAT's bpathlib.make_absolute used by the add-on."""
    text = pathlib.PurePath(path).as_posix()
    if len(text) >= 2 and text[0].isalpha() and text[1] == ":" and os.name != "nt":
        return pathlib.Path(text[:2] + os.path.normpath(text[2:]))
    return pathlib.Path(os.path.abspath(text))


def abspath(filepath):
    """Blendfile-relative (`//`) to absolute, then made absolute like the add-on's `abspath`."""
    return make_absolute(pathlib.Path(bpy.path.abspath(str(filepath))))


def last_n_dir_parts(n, filepath=None):
    """The last `n` parts of the directory of `filepath` (default: the open .blend), relative."""
    if n <= 0:
        return pathlib.Path()
    if filepath is None:
        filepath = pathlib.Path(bpy.data.filepath)
    elif isinstance(filepath, str):
        filepath = pathlib.Path(bpy.path.abspath(filepath))
    dirpath = make_absolute(filepath).parent
    if n >= len(dirpath.parts):
        return pathlib.Path(dirpath.relative_to(dirpath.anchor))
    return pathlib.Path(*dirpath.parts[-n:])


def to_json_value(value):
    """The value as JSON data; a Path becomes its string, like the add-on's str properties."""
    if isinstance(value, pathlib.PurePath):
        return str(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("value %r is not a finite number" % value)
        return value
    if isinstance(value, (list, tuple)):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    raise TypeError("value of type %s cannot be sent to the Manager" % type(value).__name__)


def evaluate_settings(plan, job_name):
    settings = Settings(plan["order"])
    values = object.__getattribute__(settings, "_values")
    errors = object.__getattribute__(settings, "_errors")
    outcomes = {}
    for step in plan["steps"]:
        key = step["key"]
        action = step["action"]
        if action == "fail":
            errors[key] = step["error"]
            outcomes[key] = {"key": key, "outcome": "error", "error": step["error"]}
            continue
        if action != "eval":
            values[key] = step["value"]
            outcomes[key] = {"key": key, "outcome": "value", "source": action, "value": step["value"]}
            continue
        # The same names and the same eval(expression, {}, locals) call as the add-on's
        # JobTypePropertyGroup.eval_setting, so expressions behave identically (including
        # comprehensions not seeing these names, as with any separate locals dict).
        eval_locals = {
            "bpy": bpy,
            "C": bpy.context,
            "jobname": job_name,
            "Path": pathlib.Path,
            "abspath": abspath,
            "last_n_dir_parts": last_n_dir_parts,
            "settings": settings,
        }
        try:
            value = to_json_value(eval(step["expression"], {}, eval_locals))
        except Exception as exception:
            message = "%s: %s" % (type(exception).__name__, exception)
            errors[key] = message
            outcomes[key] = {"key": key, "outcome": "error", "error": message}
            continue
        values[key] = value
        outcomes[key] = {"key": key, "outcome": "value", "source": "eval", "value": value}
    return [outcomes[key] for key in plan["order"] if key in outcomes]


main()
