# expect: findings
FROM rockylinux:9
RUN dnf makecache \
    # the tools the build needs
    && dnf install \
        # compilers
        gcc \
    && dnf clean all
RUN <<EOF
set -eux
dnf install git
dnf clean all
EOF
RUN bash -e <<'SCRIPT'
	yum install -q curl && yum clean all
SCRIPT
