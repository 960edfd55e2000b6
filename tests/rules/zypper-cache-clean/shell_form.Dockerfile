# expect: findings
FROM opensuse/leap:15.6
RUN zypper -n install curl
RUN zypper -n in gcc \
 && zypper -n in make
RUN zypper -n up && \
    echo done
RUN zypper clean && zypper -n install wget
RUN zypper -n patch; zypper -n dup
RUN sudo zypper -n install git
ONBUILD RUN zypper -n install jq
