# expect: none
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean
RUN zypper -n install curl && zypper cc -a
RUN zypper -n install curl && zypper clean --all
RUN zypper -n install curl && rm -rf /var/cache/zypp/*
RUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl
RUN --mount=type=cache,target=/var/cache zypper -n install curl
RUN zypper ref && zypper -n rm vim && zypper lr
RUN ["zypper", "-n", "install", "curl"]
RUN sh -c "zypper -n install curl"
RUN zypper -n install curl 'unclosed
