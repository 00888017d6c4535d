//! Typed clients: one small struct per contract, one method per message, so scenarios read in
//! the domain's words and every error comes back typed.

use ink::{
    scale::{Decode, Encode},
    selector_bytes,
};
use traits::{
    AccountId, Asset, Balance, Config, DomainSetup, EngagementId, EngagementRecord, EscrowError,
    Fee, Fees, InstrumentError, InstrumentId, IssuanceId, IssuanceRecord, ManagerError,
    ManagerVersion, Name, OracleError, PSP22Error, RegistryError, SpendingLimit, StorageError,
    Timestamp,
};

use crate::{
    chain::{CallError, Chain},
    contracts::{self, Contract},
};

/// A call's typed result: the message's own `Result`, or why the call itself failed.
pub type Reply<T, E> = Result<Result<T, E>, CallError>;

/// A PSP22 token (the NUTS token or a test token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token(pub AccountId);

impl Token {
    /// Instantiates a test token with `supply` minted to `owner`.
    pub fn deploy_test_token(
        chain: &mut Chain,
        owner: AccountId,
        supply: Balance,
        salt: &[u8],
    ) -> Self {
        let address = chain
            .instantiate(
                contracts::TEST_TOKEN,
                owner,
                selector_bytes!("new"),
                supply,
                0,
                salt,
            )
            .expect("test token instantiates");
        Token(address)
    }

    /// Instantiates the NUTS token with `initial_supply` minted to `owner`, capped at `cap`.
    pub fn deploy_nuts(
        chain: &mut Chain,
        owner: AccountId,
        cap: Balance,
        initial_supply: Balance,
    ) -> Self {
        let address = chain
            .instantiate(
                contracts::NUTS_TOKEN,
                owner,
                selector_bytes!("new"),
                (cap, initial_supply),
                0,
                b"nuts",
            )
            .expect("NUTS token instantiates");
        Token(address)
    }

    /// The asset this token is.
    pub fn asset(self) -> Asset {
        Asset::Token(self.0)
    }

    /// `PSP22::balance_of`.
    pub fn balance_of(self, chain: &mut Chain, owner: AccountId) -> Balance {
        chain.read(self.0, selector_bytes!("PSP22::balance_of"), owner)
    }

    /// `PSP22::total_supply`.
    pub fn total_supply(self, chain: &mut Chain) -> Balance {
        chain.read(self.0, selector_bytes!("PSP22::total_supply"), ())
    }

    /// `PSP22::approve` as `owner`.
    pub fn approve(
        self,
        chain: &mut Chain,
        owner: AccountId,
        spender: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.call(
            owner,
            self.0,
            selector_bytes!("PSP22::approve"),
            (spender, value),
            0,
        )
    }

    /// `PSP22::transfer` as `from`.
    pub fn transfer(
        self,
        chain: &mut Chain,
        from: AccountId,
        to: AccountId,
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.call(
            from,
            self.0,
            selector_bytes!("PSP22::transfer"),
            (to, value, Vec::<u8>::new()),
            0,
        )
    }

    /// `PSP22::transfer_from` as `spender`, moving `value` of `from`'s tokens to `to`.
    pub fn transfer_from(
        self,
        chain: &mut Chain,
        spender: AccountId,
        (from, to): (AccountId, AccountId),
        value: Balance,
    ) -> Reply<(), PSP22Error> {
        chain.call(
            spender,
            self.0,
            selector_bytes!("PSP22::transfer_from"),
            (from, to, value, Vec::<u8>::new()),
            0,
        )
    }

    /// Test token faucet: mints `value` to `to`.
    pub fn mint_to(self, chain: &mut Chain, to: AccountId, value: Balance) {
        let minted: Result<(), PSP22Error> = chain
            .call(to, self.0, selector_bytes!("mint_to"), (to, value), 0)
            .expect("faucet call");
        minted.expect("faucet mints");
    }

    /// Test token: makes every later `transfer_from` burn `fee` from the recipient.
    pub fn set_transfer_fee(self, chain: &mut Chain, fee: Balance) {
        let caller = chain.account("anyone");
        chain
            .call::<()>(caller, self.0, selector_bytes!("set_transfer_fee"), fee, 0)
            .expect("set fee");
    }
}

impl From<Token> for Asset {
    fn from(token: Token) -> Self {
        token.asset()
    }
}

/// An instrument escrow or an issuance escrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escrow(pub AccountId);

impl Escrow {
    /// Instantiates an escrow of kind `contract` owned by `owner`.
    pub fn deploy(chain: &mut Chain, contract: Contract, owner: AccountId, salt: &[u8]) -> Self {
        let address = chain
            .instantiate(contract, owner, selector_bytes!("new"), (), 0, salt)
            .expect("escrow instantiates");
        Escrow(address)
    }

    /// `Escrow::balance_of`.
    pub fn balance_of(self, chain: &mut Chain, account: AccountId, asset: Asset) -> Balance {
        chain.read(
            self.0,
            selector_bytes!("Escrow::balance_of"),
            (account, asset),
        )
    }

    /// `Escrow::total_held`.
    pub fn total_held(self, chain: &mut Chain, asset: Asset) -> Balance {
        chain.read(self.0, selector_bytes!("Escrow::total_held"), asset)
    }

    /// `Escrow::owner`.
    pub fn owner(self, chain: &mut Chain) -> AccountId {
        chain.read(self.0, selector_bytes!("Escrow::owner"), ())
    }

    /// `InstrumentEscrow::deposit` as `caller`, sending `value` of native currency.
    pub fn deposit(
        self,
        chain: &mut Chain,
        caller: AccountId,
        asset: Asset,
        amount: Balance,
        value: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentEscrow::deposit"),
            (asset, amount),
            value,
        )
    }

    /// `InstrumentEscrow::withdraw` as `caller`.
    pub fn withdraw(
        self,
        chain: &mut Chain,
        caller: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentEscrow::withdraw"),
            (asset, amount),
            0,
        )
    }

    /// `Escrow::send_for` as `caller` (the owner): `account`'s asset straight to `recipient`.
    pub fn send_for(
        self,
        chain: &mut Chain,
        caller: AccountId,
        account: AccountId,
        recipient: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Escrow::send_for"),
            (account, recipient, asset, amount),
            0,
        )
    }

    /// `Escrow::credit_received` as `caller` (the owner), sending `value`.
    pub fn credit_received(
        self,
        chain: &mut Chain,
        caller: AccountId,
        account: AccountId,
        asset: Asset,
        amount: Balance,
        value: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Escrow::credit_received"),
            (account, asset, amount),
            value,
        )
    }

    /// `Escrow::move_between` as `caller` (the owner).
    pub fn move_between(
        self,
        chain: &mut Chain,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        asset: Asset,
        amount: Balance,
    ) -> Reply<(), EscrowError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Escrow::move_between"),
            (from, to, asset, amount),
            0,
        )
    }
}

/// The price oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Oracle(pub AccountId);

impl Oracle {
    /// Instantiates an oracle administered by `admin`.
    pub fn deploy(chain: &mut Chain, admin: AccountId) -> Self {
        Oracle(
            chain
                .instantiate(
                    contracts::PRICE_ORACLE,
                    admin,
                    selector_bytes!("new"),
                    (),
                    0,
                    b"oracle",
                )
                .expect("oracle instantiates"),
        )
    }

    /// `PriceOracle::set_rate` as `caller`.
    pub fn set_rate(
        self,
        chain: &mut Chain,
        caller: AccountId,
        base: Asset,
        quote: Asset,
        rate: (Balance, Balance),
    ) -> Reply<(), OracleError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("PriceOracle::set_rate"),
            (base, quote, rate.0, rate.1),
            0,
        )
    }
}

/// The instrument registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registry(pub AccountId);

impl Registry {
    /// Instantiates the registry with `config`, administered by `admin`.
    pub fn deploy(chain: &mut Chain, admin: AccountId, config: Config) -> Self {
        Registry(
            chain
                .instantiate(
                    contracts::REGISTRY,
                    admin,
                    selector_bytes!("new"),
                    config,
                    0,
                    b"registry",
                )
                .expect("registry instantiates"),
        )
    }

    /// `InstrumentRegistry::activate_instrument` as `fsp`.
    pub fn activate_instrument(
        self,
        chain: &mut Chain,
        fsp: AccountId,
        version: ManagerVersion,
        instrument: AccountId,
        termination: Timestamp,
        override_at: Timestamp,
    ) -> Reply<InstrumentId, RegistryError> {
        chain.call(
            fsp,
            self.0,
            selector_bytes!("InstrumentRegistry::activate_instrument"),
            (version, instrument, termination, override_at),
            0,
        )
    }

    /// `InstrumentRegistry::manager_of`.
    pub fn manager_of(self, chain: &mut Chain, instrument_id: InstrumentId) -> Option<Manager> {
        chain
            .read::<Option<AccountId>>(
                self.0,
                selector_bytes!("InstrumentRegistry::manager_of"),
                instrument_id,
            )
            .map(Manager)
    }

    /// `InstrumentRegistry::instrument_count`.
    pub fn instrument_count(self, chain: &mut Chain) -> InstrumentId {
        chain.read(
            self.0,
            selector_bytes!("InstrumentRegistry::instrument_count"),
            (),
        )
    }

    /// `InstrumentRegistry::config`.
    pub fn config(self, chain: &mut Chain) -> Config {
        chain.read(self.0, selector_bytes!("InstrumentRegistry::config"), ())
    }

    /// `InstrumentRegistry::set_config` as `caller`.
    pub fn set_config(
        self,
        chain: &mut Chain,
        caller: AccountId,
        config: Config,
    ) -> Reply<(), RegistryError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentRegistry::set_config"),
            config,
            0,
        )
    }

    /// `InstrumentRegistry::admin`.
    pub fn admin(self, chain: &mut Chain) -> AccountId {
        chain.read(self.0, selector_bytes!("InstrumentRegistry::admin"), ())
    }

    /// `InstrumentRegistry::transfer_admin` as `caller`.
    pub fn transfer_admin(
        self,
        chain: &mut Chain,
        caller: AccountId,
        new_admin: AccountId,
    ) -> Reply<(), RegistryError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentRegistry::transfer_admin"),
            new_admin,
            0,
        )
    }

    /// `InstrumentRegistry::accept_admin` as `caller`.
    pub fn accept_admin(self, chain: &mut Chain, caller: AccountId) -> Reply<(), RegistryError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentRegistry::accept_admin"),
            (),
            0,
        )
    }
}

/// An instrument manager (any version): the facade of one instrument domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manager(pub AccountId);

impl Manager {
    /// `InstrumentManager::create_issuance` as `maker` with `params` (SCALE-encoded here),
    /// letting at most `limit` leave the maker's instrument-escrow account.
    pub fn create_issuance(
        self,
        chain: &mut Chain,
        maker: AccountId,
        params: impl Encode,
        limit: SpendingLimit,
    ) -> Reply<IssuanceId, ManagerError> {
        chain.call(
            maker,
            self.0,
            selector_bytes!("InstrumentManager::create_issuance"),
            (params.encode(), limit),
            0,
        )
    }

    /// `InstrumentManager::engage_issuance` as `taker`.
    pub fn engage_issuance(
        self,
        chain: &mut Chain,
        taker: AccountId,
        issuance_id: IssuanceId,
        params: impl Encode,
        limit: SpendingLimit,
    ) -> Reply<EngagementId, ManagerError> {
        chain.call(
            taker,
            self.0,
            selector_bytes!("InstrumentManager::engage_issuance"),
            (issuance_id, params.encode(), limit),
            0,
        )
    }

    /// `InstrumentManager::deposit_to_issuance` as `caller`.
    pub fn deposit_to_issuance(
        self,
        chain: &mut Chain,
        caller: AccountId,
        issuance_id: IssuanceId,
        asset: Asset,
        amount: Balance,
        limit: SpendingLimit,
    ) -> Reply<(), ManagerError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentManager::deposit_to_issuance"),
            (issuance_id, asset, amount, limit),
            0,
        )
    }

    /// `InstrumentManager::process_scheduled_event` as `caller`.
    pub fn process_scheduled_event(
        self,
        chain: &mut Chain,
        caller: AccountId,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
    ) -> Reply<(), ManagerError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentManager::process_scheduled_event"),
            (issuance_id, engagement_id, name),
            0,
        )
    }

    /// `InstrumentManager::process_custom_event` as `caller` with `payload` (SCALE-encoded here).
    // The message's five arguments, plus the chain and the caller.
    #[allow(clippy::too_many_arguments)]
    pub fn process_custom_event(
        self,
        chain: &mut Chain,
        caller: AccountId,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
        payload: impl Encode,
        limit: SpendingLimit,
    ) -> Reply<(), ManagerError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentManager::process_custom_event"),
            (issuance_id, engagement_id, name, payload.encode(), limit),
            0,
        )
    }

    /// `InstrumentManager::renew_issuance` as `caller`.
    pub fn renew_issuance(
        self,
        chain: &mut Chain,
        caller: AccountId,
        issuance_id: IssuanceId,
        params: impl Encode,
        limit: SpendingLimit,
    ) -> Reply<(), ManagerError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentManager::renew_issuance"),
            (issuance_id, params.encode(), limit),
            0,
        )
    }

    /// `InstrumentManager::deactivate` as `caller`.
    pub fn deactivate(self, chain: &mut Chain, caller: AccountId) -> Reply<(), ManagerError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("InstrumentManager::deactivate"),
            (),
            0,
        )
    }

    /// `InstrumentManager::is_active`.
    pub fn is_active(self, chain: &mut Chain) -> bool {
        chain.read(self.0, selector_bytes!("InstrumentManager::is_active"), ())
    }

    /// `InstrumentManager::issuance`.
    pub fn issuance(self, chain: &mut Chain, issuance_id: IssuanceId) -> Option<IssuanceRecord> {
        chain.read(
            self.0,
            selector_bytes!("InstrumentManager::issuance"),
            issuance_id,
        )
    }

    /// `InstrumentManager::engagement`.
    pub fn engagement(
        self,
        chain: &mut Chain,
        issuance_id: IssuanceId,
        engagement_id: EngagementId,
    ) -> Option<EngagementRecord> {
        chain.read(
            self.0,
            selector_bytes!("InstrumentManager::engagement"),
            (issuance_id, engagement_id),
        )
    }

    /// `InstrumentManager::issuance_count`.
    pub fn issuance_count(self, chain: &mut Chain) -> IssuanceId {
        chain.read(
            self.0,
            selector_bytes!("InstrumentManager::issuance_count"),
            (),
        )
    }

    /// `InstrumentManager::instrument_escrow`.
    pub fn instrument_escrow(self, chain: &mut Chain) -> Escrow {
        Escrow(chain.read(
            self.0,
            selector_bytes!("InstrumentManager::instrument_escrow"),
            (),
        ))
    }

    /// `InstrumentManager::setup`.
    pub fn setup(self, chain: &mut Chain) -> DomainSetup {
        chain.read(self.0, selector_bytes!("InstrumentManager::setup"), ())
    }

    /// `InstrumentManager::scheduled_event`.
    pub fn scheduled_event(
        self,
        chain: &mut Chain,
        issuance_id: IssuanceId,
        engagement_id: Option<EngagementId>,
        name: Name,
    ) -> Option<Timestamp> {
        chain.read(
            self.0,
            selector_bytes!("InstrumentManager::scheduled_event"),
            (issuance_id, engagement_id, name),
        )
    }

    /// `InstrumentManager::custom_data`, decoded as `T`.
    pub fn custom_data<T: Decode>(
        self,
        chain: &mut Chain,
        issuance_id: IssuanceId,
        name: Name,
    ) -> Result<T, ManagerError> {
        let bytes: Result<Vec<u8>, ManagerError> = chain.read(
            self.0,
            selector_bytes!("InstrumentManager::custom_data"),
            (issuance_id, name),
        );
        bytes.map(|bytes| T::decode(&mut &bytes[..]).expect("custom datum decodes"))
    }
}

/// An instrument contract (any kind): the FSP's `Instrument` messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstrumentClient(pub AccountId);

impl InstrumentClient {
    /// Instantiates the lending instrument of interface `version`, owned by `fsp`, pricing with
    /// `oracle`, with the default terms.
    pub fn deploy_lending(
        chain: &mut Chain,
        fsp: AccountId,
        oracle: Oracle,
        version: ManagerVersion,
        salt: &[u8],
    ) -> Self {
        let terms = lending_logic::LendingTerms::default();
        match version {
            ManagerVersion::V1 => {
                Self::deploy(chain, contracts::LENDING_V1, fsp, (oracle.0, terms), salt)
            }
            ManagerVersion::V2 => {
                Self::deploy(chain, contracts::LENDING_V2, fsp, (oracle.0, terms), salt)
            }
            ManagerVersion::V3 => {
                let issuance_code = chain.code_hash(contracts::LENDING_ISSUANCE);
                let args = (issuance_code, oracle.0, terms);
                Self::deploy(chain, contracts::LENDING_V3, fsp, args, salt)
            }
        }
    }

    /// Instantiates the borrowing instrument (interface v1), owned by `fsp`, pricing with
    /// `oracle`, with the default terms.
    pub fn deploy_borrowing(
        chain: &mut Chain,
        fsp: AccountId,
        oracle: Oracle,
        salt: &[u8],
    ) -> Self {
        let args = (oracle.0, lending_logic::LendingTerms::default());
        Self::deploy(chain, contracts::BORROWING_V1, fsp, args, salt)
    }

    /// Instantiates the spot swap instrument (interface v1), owned by `fsp`, default terms.
    pub fn deploy_spot_swap(chain: &mut Chain, fsp: AccountId, salt: &[u8]) -> Self {
        let terms = offer_logic::OfferTerms::default();
        Self::deploy(chain, contracts::SPOT_SWAP_V1, fsp, terms, salt)
    }

    /// Instantiates the multi-swap instrument (interface v2), owned by `fsp`, default terms.
    pub fn deploy_multi_swap(chain: &mut Chain, fsp: AccountId, salt: &[u8]) -> Self {
        let terms = offer_logic::OfferTerms::default();
        Self::deploy(chain, contracts::MULTI_SWAP_V2, fsp, terms, salt)
    }

    /// Instantiates instrument `contract` through its constructor `new(args)`, owned by `fsp`.
    pub fn deploy(
        chain: &mut Chain,
        contract: Contract,
        fsp: AccountId,
        args: impl Encode,
        salt: &[u8],
    ) -> Self {
        let address = chain.instantiate(contract, fsp, selector_bytes!("new"), args, 0, salt);
        InstrumentClient(
            address.unwrap_or_else(|e| panic!("{} instantiates: {e:?}", contract.name)),
        )
    }

    /// Instantiates the hostile test instrument (v1 and v2 interfaces), owned by `fsp`.
    pub fn deploy_hostile(chain: &mut Chain, fsp: AccountId, salt: &[u8]) -> Self {
        Self::deploy(chain, contracts::HOSTILE_INSTRUMENT, fsp, (), salt)
    }

    /// Hostile instrument: tries to write issuance storage `storage` outside a manager call.
    pub fn write_outside(
        self,
        chain: &mut Chain,
        caller: AccountId,
        storage: AccountId,
    ) -> Reply<(), StorageError> {
        chain.call(caller, self.0, selector_bytes!("write_outside"), storage, 0)
    }

    /// `Instrument::fees`.
    pub fn fees(self, chain: &mut Chain) -> Fees {
        chain.read(self.0, selector_bytes!("Instrument::fees"), ())
    }

    /// `Instrument::set_maker_whitelist_enabled` as `caller`.
    pub fn set_maker_whitelist_enabled(
        self,
        chain: &mut Chain,
        caller: AccountId,
        enabled: bool,
    ) -> Reply<(), InstrumentError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Instrument::set_maker_whitelist_enabled"),
            enabled,
            0,
        )
    }

    /// `Instrument::set_maker_allowed` as `caller`.
    pub fn set_maker_allowed(
        self,
        chain: &mut Chain,
        caller: AccountId,
        maker: AccountId,
        allowed: bool,
    ) -> Reply<(), InstrumentError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Instrument::set_maker_allowed"),
            (maker, allowed),
            0,
        )
    }

    /// `Instrument::set_taker_whitelist_enabled` as `caller`.
    pub fn set_taker_whitelist_enabled(
        self,
        chain: &mut Chain,
        caller: AccountId,
        enabled: bool,
    ) -> Reply<(), InstrumentError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Instrument::set_taker_whitelist_enabled"),
            enabled,
            0,
        )
    }

    /// `Instrument::set_taker_allowed` as `caller`.
    pub fn set_taker_allowed(
        self,
        chain: &mut Chain,
        caller: AccountId,
        taker: AccountId,
        allowed: bool,
    ) -> Reply<(), InstrumentError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Instrument::set_taker_allowed"),
            (taker, allowed),
            0,
        )
    }

    /// `Instrument::set_fees` as `caller`.
    pub fn set_fees(
        self,
        chain: &mut Chain,
        caller: AccountId,
        maker_fee: Option<Fee>,
        taker_fee: Option<Fee>,
    ) -> Reply<(), InstrumentError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Instrument::set_fees"),
            (maker_fee, taker_fee),
            0,
        )
    }

    /// `Instrument::set_fee_recipient` as `caller`.
    pub fn set_fee_recipient(
        self,
        chain: &mut Chain,
        caller: AccountId,
        recipient: AccountId,
    ) -> Reply<(), InstrumentError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("Instrument::set_fee_recipient"),
            recipient,
            0,
        )
    }
}

/// A v2 issuance storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Storage(pub AccountId);

impl Storage {
    /// `IssuanceStorage::get`.
    pub fn get(self, chain: &mut Chain, key: Name) -> Option<Vec<u8>> {
        chain.read(self.0, selector_bytes!("IssuanceStorage::get"), key)
    }

    /// `IssuanceStorage::set` as `caller`.
    pub fn set(
        self,
        chain: &mut Chain,
        caller: AccountId,
        key: Name,
        value: Vec<u8>,
    ) -> Reply<(), StorageError> {
        chain.call(
            caller,
            self.0,
            selector_bytes!("IssuanceStorage::set"),
            (key, value),
            0,
        )
    }

    /// `writer`: who may write right now.
    pub fn writer(self, chain: &mut Chain) -> Option<AccountId> {
        chain.read(self.0, selector_bytes!("writer"), ())
    }
}
