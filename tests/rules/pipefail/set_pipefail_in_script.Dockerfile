# expect: findings
FROM debian:bookworm-slim
# Set inside the script this does not count, as hadolint sees it.
RUN set -o pipefail && cat /etc/os-release | grep VERSION
