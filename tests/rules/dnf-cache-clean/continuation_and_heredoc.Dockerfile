# expect: findings
FROM rockylinux:9
RUN dnf install -y \
        # compilers
        gcc \
        make
RUN <<EOF
set -eux
  dnf install -y git
  git --version
EOF
RUN bash -e <<'SCRIPT'
	yum install -y curl
SCRIPT
