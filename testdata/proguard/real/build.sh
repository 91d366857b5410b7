#!/bin/sh
# Builds the ProGuard fixtures in this directory from src/ (see README.md).
#
#   plain/<s>.txt            the unobfuscated program's stack trace (ground truth)
#   v1|v2/app.jar            the program obfuscated by ProGuard (releases 1.0.0, 2.0.0)
#   v1|v2/mapping.txt        ProGuard's -printmapping for that release
#   v1|v2/<s>.txt            the obfuscated program's stack trace
#   v1|v2/<s>.retrace.txt    ProGuard ReTrace's answer for that trace
#   versions.txt             the toolchain that made them
#   symbols/proguard/<version>/mapping.txt, payloads.ndjson, expected.json,
#   retrace-vs-plain.txt
#                            (make_payloads.py)
#
# Needs: a JDK 17 (javac, java, jmods/java.base.jmod), Debian's proguard-cli
# 6.2.2 (apt-get install proguard-cli), python3. Deterministic: rerunning on
# the same toolchain rewrites identical files.
set -eu
cd "$(dirname "$0")"

SCENARIOS="npe divide index lambda comparator checkout coupon overload ctor"
MAIN=com.example.shop.ShopApp
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
PROGUARD_JAR=${PROGUARD_JAR:-/usr/share/java/proguard.jar}
RETRACE_JAR=${RETRACE_JAR:-/usr/share/java/retrace.jar}
# JDK 17's helpful NullPointerException messages name fields and locals, so
# they would differ between the plain and the obfuscated program; Android's
# messages are different again. Turned off: every message is the same in all
# three runs.
JAVA="$JAVA_HOME/bin/java -XX:-ShowCodeDetailsInExceptionMessages"

rm -rf build plain v1 v2 symbols
mkdir -p build/classes plain v1 v2

# Java 8 bytecode: what Android toolchains consume, and ProGuard 6.2.2
# mishandles the Java 11 NestHost/NestMembers attributes when it inlines a
# nest member's method into another class (the output jar then fails to load
# with "Conflicting NestHost and NestMembers attributes").
"$JAVA_HOME/bin/javac" -g --release 8 -encoding UTF-8 -d build/classes \
    $(find src -name '*.java' | LC_ALL=C sort)
python3 jarutil.py jar build/classes build/app.jar "$MAIN"
python3 jarutil.py stub "$JAVA_HOME/jmods/java.base.jmod" build/java-base-stub.jar

for v in v1 v2; do
    java -jar "$PROGUARD_JAR" @proguard-$v.pro \
        -injars build/app.jar -outjars $v/app.jar \
        -libraryjars build/java-base-stub.jar \
        -printmapping $v/mapping.txt > build/proguard-$v.log 2>&1 ||
        { cat build/proguard-$v.log; exit 1; }
    python3 jarutil.py normalize $v/app.jar
done

run() { # jar scenario out
    # Each scenario ends in an uncaught-by-design exception: exit status 1.
    if $JAVA -cp "$1" "$MAIN" "$2" > /dev/null 2> "$3"; then
        echo "scenario $2 did not fail" >&2; exit 1
    fi
}
for s in $SCENARIOS; do
    run build/app.jar "$s" plain/$s.txt
    for v in v1 v2; do
        run $v/app.jar "$s" $v/$s.txt
        java -jar "$RETRACE_JAR" $v/mapping.txt $v/$s.txt > $v/$s.retrace.txt
    done
done

{
    echo "javac: $("$JAVA_HOME/bin/javac" -version 2>&1)"
    echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
    echo "proguard: $(java -jar "$PROGUARD_JAR" 2>&1 | sed -n 1p) (Debian $(dpkg-query -W -f '${Package} ${Version}' proguard-cli 2>/dev/null || echo '?'))"
    echo "python: $(python3 --version 2>&1)"
} > versions.txt
cat versions.txt

python3 make_payloads.py $SCENARIOS
