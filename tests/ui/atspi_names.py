#!/usr/bin/python3
"""Reads the running workbench's accessibility tree over AT-SPI, as a screen reader (Orca) gets it,
opens every tab, and lists every control a user can reach that has no name a screen reader can
read: an empty name with no label relation, or (for combo boxes, which Qt 6.4 names by their
value on Linux) no label relation at all. Exit 0 when every control is named, 1 otherwise, 77
when no AT-SPI bus or application is there to ask."""
import sys
import time

try:
    import pyatspi
except ImportError:
    print("atspi: python3-pyatspi is not installed")
    sys.exit(77)

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE, pyatspi.ROLE_LIST,
    pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_PROGRESS_BAR, pyatspi.ROLE_CHART,
}


def find_app(name, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                if app is not None and app.name == name:
                    return app
        except Exception:  # the bus may still be starting
            pass
        time.sleep(0.5)
    return None


def labelled(acc):
    try:
        for rel in acc.getRelationSet():
            if rel.getRelationType() == pyatspi.RELATION_LABELLED_BY and rel.getNTargets() > 0:
                target = rel.getTarget(0)
                return target.name or ""
    except Exception:
        pass
    return ""


def walk(acc, depth=0, out=None):
    out = [] if out is None else out
    if acc is None or depth > 60:
        return out
    out.append(acc)
    try:
        role = acc.getRole()
    except Exception:
        return out
    # Rows and cells of big tables and trees are the model's, named by their text.
    if role in (pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE, pyatspi.ROLE_LIST):
        return out
    for i in range(acc.childCount):
        try:
            walk(acc.getChildAtIndex(i), depth + 1, out)
        except Exception:
            pass
    return out


def problems_in(app):
    seen = {}
    for acc in walk(app):
        try:
            role = acc.getRole()
            if role not in INTERACTIVE:
                continue
            states = acc.getState()
            if not states.contains(pyatspi.STATE_SHOWING):
                continue
            name = (acc.name or "").strip()
            label = labelled(acc)
            what = "%s '%s'" % (acc.getRoleName(), name)
            if role == pyatspi.ROLE_COMBO_BOX:
                if not label:
                    seen[what] = "named by its value only (no label)"
            elif not name and not label:
                seen["%s (parent %s '%s')" % (acc.getRoleName(), acc.parent.getRoleName(), acc.parent.name)] = "no name"
        except Exception:
            continue
    return seen


def main():
    app = find_app(sys.argv[1] if len(sys.argv) > 1 else "spfsleuth", int(sys.argv[2]) if len(sys.argv) > 2 else 60)
    if app is None:
        print("atspi: the application did not show up on the accessibility bus")
        return 77
    problems = {}
    checked = 0
    tabs = [a for a in walk(app) if a.getRole() == pyatspi.ROLE_PAGE_TAB]
    # Each main tab and each side tab in turn: only what is showing can be read.
    for tab in tabs:
        try:
            tab.querySelection  # noqa: B018 - page tabs are chosen through their parent
            parent = tab.parent
            parent.querySelection().selectChild(tab.getIndexInParent())
        except Exception:
            try:
                tab.queryAction().doAction(0)
            except Exception:
                pass
        time.sleep(0.3)
        found = problems_in(app)
        checked += 1
        for what, why in found.items():
            problems.setdefault(what, "%s (tab %s)" % (why, tab.name))
    for what, why in sorted(problems.items()):
        print("atspi: %s: %s" % (what, why))
    controls = len([a for a in walk(app) if a.getRole() in INTERACTIVE])
    print("atspi: %d tabs opened, %d controls showing now, %d without a name a screen reader reads"
          % (checked, controls, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
