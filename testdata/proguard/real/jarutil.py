#!/usr/bin/env python3
"""Deterministic jar helpers for build.sh.

  jarutil.py jar DIR OUT.jar MAIN-CLASS
      zip the class files under DIR into OUT.jar (sorted entries, fixed
      1980-01-01 timestamps, a manifest naming MAIN-CLASS).

  jarutil.py normalize JAR
      rewrite JAR in place with every entry's timestamp set to 1980-01-01
      (ProGuard stamps its output jar with the current time); entry order and
      contents are kept.

  jarutil.py stub JMOD OUT.jar
      copy the java/** classes out of a JDK 17 .jmod into OUT.jar with the
      class-file major version rewritten to 55 (Java 11). ProGuard 6.2.2 reads
      class files up to version 57 (Java 13) only and refuses the JDK 17
      runtime's version-61 classes; it needs them as -libraryjars solely to
      know the library hierarchy (java.lang.Object, java.util.Comparator, ...),
      and reads library classes without their code, so the version number is
      all that stands in the way. The stub is used for ProGuard's analysis
      only; the programs always run on the real JDK.
"""
import os
import sys
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)


def entry(name):
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def make_jar(root, out, main_class):
    names = []
    for dirpath, _, files in os.walk(root):
        for f in files:
            names.append(os.path.relpath(os.path.join(dirpath, f), root).replace(os.sep, "/"))
    with zipfile.ZipFile(out, "w") as z:
        manifest = "Manifest-Version: 1.0\r\nMain-Class: %s\r\n\r\n" % main_class
        z.writestr(entry("META-INF/MANIFEST.MF"), manifest)
        for name in sorted(names):
            with open(os.path.join(root, name), "rb") as fh:
                z.writestr(entry(name), fh.read())


def normalize(path):
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            z.writestr(entry(name), data)


def make_stub(jmod, out):
    n = 0
    with zipfile.ZipFile(jmod) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename):
            name = info.filename
            if not (name.startswith("classes/java/") and name.endswith(".class")):
                continue
            data = bytearray(zin.read(info))
            if data[:4] != b"\xca\xfe\xba\xbe":
                sys.exit("not a class file: " + name)
            data[6:8] = (55).to_bytes(2, "big")
            zout.writestr(entry(name[len("classes/"):]), bytes(data))
            n += 1
    print("jarutil: %d library classes in %s" % (n, out))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "jar":
        make_jar(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 3 and sys.argv[1] == "normalize":
        normalize(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "stub":
        make_stub(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
