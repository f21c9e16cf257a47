// libyaml from the system: Debian `libyaml-dev`, Homebrew `libyaml` (pkg-config yaml-0.1).
#include <yaml.h>
