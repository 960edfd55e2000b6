# expect: findings
FROM opensuse/tumbleweed
RUN zypper -n install \
        # compilers
        gcc \
        make
RUN <<EOF
set -eux
  zypper -n in git
  git --version
EOF
