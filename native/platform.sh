# Sourced by the native build scripts: sets $platform to the folder name of this machine's natives under
# nndl4j/native/ in the jar, e.g. linux-x86_64, as EmulatedDevice.platform() names it (JavaCPP's names).
case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=macosx ;;
  *) platform=$(uname -s | tr '[:upper:]' '[:lower:]') ;;
esac
case "$(uname -m)" in
  x86_64|amd64) platform=$platform-x86_64 ;;
  aarch64|arm64) platform=$platform-arm64 ;;
  *) platform=$platform-$(uname -m) ;;
esac
