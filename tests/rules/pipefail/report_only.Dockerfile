# expect: findings
FROM busybox:1.36
# The distribution, and so its shell, is unknown.
RUN wget -qO- http://example.com/ | grep ok

FROM debian:bookworm-slim
# A SHELL without -o pipefail is the author's; it is not replaced.
SHELL ["/bin/bash", "-c"]
RUN cat /etc/os-release | grep VERSION
