# expect: none
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
RUN zypper --non-interactive in curl && zypper clean --all
RUN zypper in -y curl && zypper clean --all
RUN zypper install --no-confirm curl && zypper clean --all
RUN zypper -qn in curl && zypper clean --all
RUN zypper --quiet -n up && zypper clean --all
RUN zypper ref && zypper lr && zypper se curl && zypper info curl && zypper ar http://x/ x
RUN ["zypper", "install", "curl"]
RUN sh -c "zypper install curl"
RUN echo zypper install curl
RUN zypper install curl 'unclosed
