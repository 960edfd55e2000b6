# expect: findings
FROM opensuse/tumbleweed
RUN zypper refresh \
    # the tools the build needs
    && zypper \
        install \
        gcc \
    && zypper clean --all
RUN <<EOF
set -eux
zypper in git
zypper clean --all
EOF
