# expect: findings
FROM opensuse/leap:15.6
RUN zypper install curl && zypper clean --all
RUN zypper --gpg-auto-import-keys ref && zypper in -l gcc make && zypper clean --all
RUN zypper rm vim; zypper up; zypper patch; zypper clean --all
RUN zypper dup && zypper clean --all
RUN sudo -E zypper install --no-recommends git && LANG=C env zypper si bash && zypper cc
RUN /usr/bin/zypper in tar && zypper clean --all
ONBUILD RUN zypper install jq && zypper clean --all
