//! `nuts app`: the web app for makers and takers, served on 127.0.0.1.
//!
//! The page (`app/index.html`, `app/app.js`, `app/forms.js`) connects to the node itself
//! (`@polkadot/api`), encodes every call from the bundles' metadata (`@polkadot/api-contract`)
//! and has the user's wallet sign it (`@polkadot/extension-dapp`, or a dev account on a
//! development chain). This server gives it, besides its files, the bundles and the pinned
//! Polkadot.js bundles of `app/node_modules`, a JSON API over a [`Session`] on the same node:
//!
//! | route | answers |
//! | --- | --- |
//! | `GET /api/context` | the node's URL, whether it is a development chain, the tokens, the domains (manager, escrow, instrument contract), the forms' addresses |
//! | `GET /api/offers` | the offer book, as `nuts offers --json` |
//! | `GET /api/balances?account=A` | wallet and instrument-escrow balances, as `nuts balances --json` |
//! | `GET /api/positions?account=A` | A's offers and engagements, due times, what A owes |
//! | `GET /api/show?domain=D&issuance=I` | one issuance with its event history, as `nuts show --json` |
//! | `GET /api/limit?domain=D&account=A` | A's whole instrument-escrow balance as a spending limit (for dry runs) |
//! | `POST /api/dry-run` | `{account, contract, input, value}`: the dry run of the page's call data: its refusal in words, what would leave the account (the spending limit to sign), the extrinsic's limits |
//!
//! Errors are JSON too: `{"error": "..."}` with status 400 (bad input) or 500 (the node).
//! Nothing here signs or sends.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use traits::AccountId;

use crate::user::{parse_account, Session, UserError};

/// The Polkadot.js bundles the page loads, from `app/node_modules/@polkadot/<package>`:
/// (package, file). Each sets a global (`polkadotApi`...).
pub const LIBRARIES: [(&str, &str); 7] = [
    ("util", "bundle-polkadot-util.js"),
    ("util-crypto", "bundle-polkadot-util-crypto.js"),
    ("keyring", "bundle-polkadot-keyring.js"),
    ("types", "bundle-polkadot-types.js"),
    ("api", "bundle-polkadot-api.js"),
    ("api-contract", "bundle-polkadot-api-contract.js"),
    ("extension-dapp", "bundle-polkadot-extension-dapp.js"),
];

/// The page's own files, served as they are.
const PAGE: [(&str, &str); 4] = [
    ("index.html", "text/html; charset=utf-8"),
    ("app.js", "text/javascript; charset=utf-8"),
    ("forms.js", "text/javascript; charset=utf-8"),
    ("style.css", "text/css; charset=utf-8"),
];

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Its Content-Type.
    pub content_type: &'static str,
    /// Its body.
    pub body: Vec<u8>,
}

impl Response {
    fn json(status: u16, value: &Value) -> Self {
        Self {
            status,
            content_type: "application/json",
            body: value.to_string().into_bytes(),
        }
    }

    fn error(status: u16, message: impl std::fmt::Display) -> Self {
        Self::json(status, &json!({ "error": message.to_string() }))
    }
}

/// The web app's server state: a session on the deployment, and where the files are.
pub struct App {
    session: Session,
    context: Value,
    /// `app/` (the page and its `node_modules`).
    page: PathBuf,
    /// The `.contract` bundles.
    bundles: PathBuf,
}

impl App {
    /// The app of `session` (on the deployment `record`, whose node the page reaches at
    /// `url`), serving the page from `page` and the bundles from `bundles`. `dev`: the chain
    /// is a development chain (the page offers the dev accounts).
    pub fn new(
        mut session: Session,
        record: &Value,
        url: &str,
        dev: bool,
        page: PathBuf,
        bundles: PathBuf,
    ) -> Result<Self, UserError> {
        let mut domains = session.domains_json(&record["code_hashes"])?;
        let forms = |key: &str| record[key]["address"].clone();
        let context = json!({
            "url": url,
            "chain": record["chain"],
            "dev": dev,
            "tokens": session.tokens_json(),
            "domains": domains["domains"].take(),
            "names": domains["names"].take(),
            "lending_forms": forms("lending_forms"),
            "swap_forms": forms("swap_forms"),
        });
        Ok(Self {
            session,
            context,
            page,
            bundles,
        })
    }

    /// The answer to `method` on `target` (path and query) with `body`.
    pub fn handle(&mut self, method: &str, target: &str, body: &[u8]) -> Response {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let param = |name: &str| {
            query
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        };
        let answer = match (method, path) {
            ("GET", "/") => return self.file(&self.page.join("index.html"), PAGE[0].1),
            ("GET", "/favicon.ico") => {
                return Response {
                    status: 204,
                    content_type: "image/x-icon",
                    body: Vec::new(),
                }
            }
            ("GET", "/api/context") => return self.context(),
            ("GET", "/api/offers") => self.session.offers(),
            ("GET", "/api/balances") => self.session.balances(param("account").as_deref()),
            ("GET", "/api/positions") => {
                account(param("account")).and_then(|who| self.session.positions(who))
            }
            ("GET", "/api/show") => match (number(param("domain")), number(param("issuance"))) {
                (Ok(domain), Ok(issuance)) => self.session.show(domain, issuance),
                (Err(error), _) | (_, Err(error)) => Err(error),
            },
            ("GET", "/api/limit") => match (number(param("domain")), account(param("account"))) {
                (Ok(domain), Ok(who)) => self.session.whole_limit(domain, who),
                (Err(error), _) | (_, Err(error)) => Err(error),
            },
            ("POST", "/api/dry-run") => self.dry_run(body),
            ("GET", path) => return self.static_file(path),
            _ => return Response::error(405, format!("{method} {path}: no such route")),
        };
        match answer {
            Ok(value) => Response::json(200, &value),
            Err(error @ (UserError::Call(_) | UserError::Deployment(_))) => {
                Response::error(500, error)
            }
            Err(error) => Response::error(400, error),
        }
    }

    /// The context, with the chain's clock now (the page counts down from it).
    fn context(&mut self) -> Response {
        let mut context = self.context.clone();
        context["now_ms"] = json!(self.session.chain.now());
        Response::json(200, &context)
    }

    fn dry_run(&mut self, body: &[u8]) -> Result<Value, UserError> {
        let request: Value = serde_json::from_slice(body)
            .map_err(|error| UserError::Call(format!("the request is no JSON: {error}")))?;
        let text = |key: &str| request[key].as_str().unwrap_or_default().to_string();
        let who = parse_account(&text("account"))?;
        let contract = parse_account(&text("contract"))?;
        let input = text("input");
        let input = client::node::unhex(&input)
            .ok()
            .filter(|_| input.starts_with("0x"))
            .ok_or_else(|| UserError::Refused("input: not 0x and hex digits".into()))?;
        let value = match request["value"].as_str() {
            None => 0,
            Some(value) => value
                .parse()
                .map_err(|_| UserError::Refused(format!("value: {value} is no amount")))?,
        };
        self.session.dry_run_input(who, contract, input, value)
    }

    /// A page file, a Polkadot.js bundle (`/lib/<package>.js`) or a contract bundle
    /// (`/bundles/<name>.contract`); nothing else.
    fn static_file(&self, path: &str) -> Response {
        let name = path.trim_start_matches('/');
        if let Some((file, kind)) = PAGE.iter().find(|(file, _)| *file == name) {
            return self.file(&self.page.join(file), kind);
        }
        if let Some(package) = name
            .strip_prefix("lib/")
            .and_then(|rest| rest.strip_suffix(".js"))
        {
            if let Some((package, file)) = LIBRARIES.iter().find(|(p, _)| *p == package) {
                let path = self
                    .page
                    .join("node_modules/@polkadot")
                    .join(package)
                    .join(file);
                return self.file(&path, "text/javascript; charset=utf-8");
            }
        }
        if let Some(contract) = name
            .strip_prefix("bundles/")
            .and_then(|rest| rest.strip_suffix(".contract"))
        {
            if contract
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                let path = self.bundles.join(format!("{contract}.contract"));
                return self.file(&path, "application/json");
            }
        }
        Response::error(404, format!("{path}: not found"))
    }

    fn file(&self, path: &Path, content_type: &'static str) -> Response {
        match std::fs::read(path) {
            Ok(body) => Response {
                status: 200,
                content_type,
                body,
            },
            Err(error) => Response::error(404, format!("{}: {error}", path.display())),
        }
    }
}

fn account(text: Option<String>) -> Result<AccountId, UserError> {
    parse_account(&text.unwrap_or_default())
}

fn number(text: Option<String>) -> Result<u64, UserError> {
    let text = text.unwrap_or_default();
    text.parse()
        .map_err(|_| UserError::Refused(format!("{text:?} is no number")))
}

/// Serves `app` on 127.0.0.1:`port` until the process ends. `say` gets the address once
/// listening; with `log`, each request answered is printed to stderr.
///
/// Requests are handled one at a time (the session is one connection to the node); each
/// answer is written to the browser on a thread of its own, so that no slow reader holds up
/// the next request.
pub fn serve(mut app: App, port: u16, log: bool, say: impl FnOnce(&str)) -> Result<(), String> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|error| format!("listening on 127.0.0.1:{port}: {error}"))?;
    let bound = server
        .server_addr()
        .to_ip()
        .map_or(port, |address| address.port());
    say(&format!("http://127.0.0.1:{bound}/"));
    for mut request in server.incoming_requests() {
        let started = std::time::Instant::now();
        let mut body = Vec::new();
        if let Err(error) = request.as_reader().read_to_end(&mut body) {
            eprintln!("nuts app: reading a request: {error}");
            continue;
        }
        let method = request.method().as_str().to_string();
        let target = request.url().to_string();
        let answer = app.handle(&method, &target, &body);
        std::thread::spawn(move || {
            let (status, size) = (answer.status, answer.body.len());
            let header = tiny_http::Header::from_bytes("Content-Type", answer.content_type)
                .expect("a static header is valid");
            // One request per connection: no idle browser connection is kept open.
            let close = tiny_http::Header::from_bytes("Connection", "close")
                .expect("a static header is valid");
            let response = tiny_http::Response::from_data(answer.body)
                .with_status_code(status)
                .with_header(header)
                .with_header(close);
            if let Err(error) = request.respond(response) {
                eprintln!("nuts app: answering {method} {target}: {error}");
            }
            if log {
                eprintln!(
                    "nuts app: {method} {target} -> {status}, {size} bytes, {} ms",
                    started.elapsed().as_millis()
                );
            }
        });
    }
    Ok(())
}
