# bash completion for cmic-oauth (installed as share/bash-completion/completions/cmic-oauth).
_cmic_oauth()
{
    local cur prev words cword
    _init_completion || return

    local commands="lint verify-token validate token export sandbox help"
    local secrets="--secret-env --secret-file --secret-stdin"
    local command="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        -*) ;;
        *) command=${words[i]}; break ;;
        esac
    done

    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version --verbose" -- "$cur"))
        return
    fi

    case $prev in
    --secret-file | --ca-bundle | --jwks | -o | --output | --workspace | --dir)
        _filedir
        return
        ;;
    --secret-env | --secret-env-prefix)
        COMPREPLY=($(compgen -v -- "$cur"))
        return
        ;;
    -f | --format)
        case $command in
        export) COMPREPLY=($(compgen -W "list $(cmic-oauth export --format list 2>/dev/null | awk '/^  [^ ]/ {print $1}')" -- "$cur")) ;;
        validate) COMPREPLY=($(compgen -W "text json junit html" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
        esac
        return
        ;;
    -r | --registration | --expect-user | --timeout | --jobs | --duration | --issuer | --app-id | --audience | \
        --user-claim | --tenant | --clock-skew | --now | --patch-level)
        return
        ;;
    --app-id-claim)
        COMPREPLY=($(compgen -W "appid azp cid client_id" -- "$cur"))
        return
        ;;
    --deployment)
        COMPREPLY=($(compgen -W "enterprise cloud" -- "$cur"))
        return
        ;;
    --ip-check)
        COMPREPLY=($(compgen -W "on off" -- "$cur"))
        return
        ;;
    esac

    local options=""
    case $command in
    lint) options="--format --strict" ;;
    verify-token) options="--workspace --registration -r --jwks --issuer --app-id --app-id-claim --audience --user-claim
        --deployment --tenant --expect-user --clock-skew --now --ip-check --patch-level --format -f --ca-bundle" ;;
    validate) options="--registration -r --all --jobs $secrets --secret-env-prefix --expect-user --no-cmic --ca-bundle
        --timeout --format -f --output -o" ;;
    token) options="--registration -r $secrets --ca-bundle --timeout" ;;
    export) options="--format -f --output -o --registration -r --include-secret $secrets" ;;
    sandbox) options="--workspace --dir --plain --duration --store-secrets --print-secrets" ;;
    help)
        COMPREPLY=($(compgen -W "${commands% help}" -- "$cur"))
        return
        ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options --help --verbose" -- "$cur"))
    else
        _filedir '@(json)'
    fi
}
complete -F _cmic_oauth cmic-oauth
