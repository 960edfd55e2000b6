# expect: findings
FROM almalinux:8
RUN yum install -y yum-utils epel-release \
    && dnf install -y clang ccache \
    && yum-config-manager --add-repo https://example.com/cuda.repo
RUN <<EOF
yum install -y epel-release
microdnf install -y git
EOF
