#!/usr/bin/env bash
# Regenerates docs/demo-javafx.png and docs/demo-swing.png: the real demo program, started with the
# README's command under Xvfb, presses a panel's main button, captures its own window from the screen
# (--screenshot) and closes it.
# Needs: JDK 17+, Maven, xvfb (xvfb-run); JavaFX renders through GTK on Linux (apt-get install -y libgtk-3-0).
# The JDK that runs Maven runs the demo: on JDK 21+ the panels run (and say they run) as coroutines. The images
# in docs/ were taken with JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64.
set -euo pipefail
cd "$(dirname "$0")/.."

shot() { # shot FILE DEMO-ARGS
  xvfb-run -a -s "-screen 0 1280x900x24" \
    mvn -q -pl demo-app -am -DskipTests package exec:exec -Ddemo.args="$2 --screenshot=$PWD/docs/$1"
}

shot demo-javafx.png "--tab=parallel --autostart --fail --screenshot-delay=3000"
shot demo-swing.png "--toolkit=swing --tab=process --autostart --screenshot-delay=3000"
