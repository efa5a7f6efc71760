"""Writes one section of BENCHMARKS.md (the bench scripts' last step): replaces the section that starts with the same
'## ' heading, or appends it."""


def write_section(section, path="BENCHMARKS.md"):
    heading = section.lstrip().splitlines()[0]
    text = open(path).read()
    start = text.find(heading)
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section.strip("\n") + "\n" + (text[end:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section.strip("\n") + "\n"
    open(path, "w").write(text)
    print(path + " updated")
