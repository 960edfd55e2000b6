# expect: findings
FROM fedora:41 AS build
# The cache is inside the install root; the clean needs the same option.
RUN dnf --installroot=/rootfs --releasever=41 install -y bash
# The script does not end in a command a clean can follow.
RUN dnf install -y httpd;
RUN dnf install -y httpd # and nothing else
# Only the image knows which of the two it has.
RUN if command -v dnf; then dnf install -y bash; else yum install -y bash; fi && echo done
