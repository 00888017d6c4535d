//! An instrument manager of any version (`traits::InstrumentManager`).

use ink::{
    codegen::TraitCallBuilder,
    scale::{Decode, Encode},
};
use traits::{
    AccountId, Asset, Balance, DomainSetup, EngagementId, EngagementRecord, InstrumentManager as _,
    IssuanceId, IssuanceRecord, ManagerError, Name, SpendingLimit, Timestamp,
};

use super::{ref_to, Escrow, InstrumentManagerRef, Reply};
use crate::chain::Chain;

/// An instrument manager (any version): the facade of one instrument domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manager(pub AccountId);

impl Manager {
    /// Its `InstrumentManager` messages, as ink!'s call builder makes them: for a tool that
    /// dry-runs a message before it sends it ([`Chain::dry_send`]).
    pub fn calls(self) -> InstrumentManagerRef {
        ref_to(self.0)
    }

    /// `InstrumentManager::create_issuance` as `maker` with `params` (SCALE-encoded here),
    /// letting at most `limit` leave the maker's instrument-escrow account.
    pub fn create_issuance(
        self,
        chain: &mut Chain,
        maker: AccountId,
        params: impl Encode,
        limit: SpendingLimit,
    ) -> Reply<IssuanceId, ManagerError> {
        chain.send(
            maker,
            self.calls()
                .call_mut()
                .create_issuance(params.encode(), limit),
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
        chain.send(
            taker,
            self.calls()
                .call_mut()
                .engage_issuance(issuance_id, params.encode(), limit),
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
        chain.send(
            caller,
            self.calls()
                .call_mut()
                .deposit_to_issuance(issuance_id, asset, amount, limit),
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
        chain.send(
            caller,
            self.calls()
                .call_mut()
                .process_scheduled_event(issuance_id, engagement_id, name),
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
        chain.send(
            caller,
            self.calls().call_mut().process_custom_event(
                issuance_id,
                engagement_id,
                name,
                payload.encode(),
                limit,
            ),
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
        chain.send(
            caller,
            self.calls()
                .call_mut()
                .renew_issuance(issuance_id, params.encode(), limit),
        )
    }

    /// `InstrumentManager::close_issuance` as `caller` (the maker).
    pub fn close_issuance(
        self,
        chain: &mut Chain,
        caller: AccountId,
        issuance_id: IssuanceId,
    ) -> Reply<(), ManagerError> {
        chain.send(caller, self.calls().call_mut().close_issuance(issuance_id))
    }

    /// `InstrumentManager::close_engagement` as `caller` (the taker).
    pub fn close_engagement(
        self,
        chain: &mut Chain,
        caller: AccountId,
        issuance_id: IssuanceId,
        engagement_id: EngagementId,
    ) -> Reply<(), ManagerError> {
        let call = self
            .calls()
            .call_mut()
            .close_engagement(issuance_id, engagement_id);
        chain.send(caller, call)
    }

    /// `InstrumentManager::deactivate` as `caller`.
    pub fn deactivate(self, chain: &mut Chain, caller: AccountId) -> Reply<(), ManagerError> {
        chain.send(caller, self.calls().call_mut().deactivate())
    }

    /// `InstrumentManager::is_active`.
    pub fn is_active(self, chain: &mut Chain) -> bool {
        chain.read(self.calls().call_mut().is_active())
    }

    /// `InstrumentManager::issuance`.
    pub fn issuance(self, chain: &mut Chain, issuance_id: IssuanceId) -> Option<IssuanceRecord> {
        chain.read(self.calls().call_mut().issuance(issuance_id))
    }

    /// `InstrumentManager::engagement`.
    pub fn engagement(
        self,
        chain: &mut Chain,
        issuance_id: IssuanceId,
        engagement_id: EngagementId,
    ) -> Option<EngagementRecord> {
        chain.read(
            self.calls()
                .call_mut()
                .engagement(issuance_id, engagement_id),
        )
    }

    /// `InstrumentManager::issuance_count`.
    pub fn issuance_count(self, chain: &mut Chain) -> IssuanceId {
        chain.read(self.calls().call_mut().issuance_count())
    }

    /// `InstrumentManager::instrument_escrow`.
    pub fn instrument_escrow(self, chain: &mut Chain) -> Escrow {
        Escrow(chain.read(self.calls().call_mut().instrument_escrow()))
    }

    /// `InstrumentManager::setup`.
    pub fn setup(self, chain: &mut Chain) -> DomainSetup {
        chain.read(self.calls().call_mut().setup())
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
            self.calls()
                .call_mut()
                .scheduled_event(issuance_id, engagement_id, name),
        )
    }

    /// `InstrumentManager::custom_data`, decoded as `T`.
    pub fn custom_data<T: Decode>(
        self,
        chain: &mut Chain,
        issuance_id: IssuanceId,
        name: Name,
    ) -> Result<T, ManagerError> {
        self.custom_bytes(chain, issuance_id, name)
            .map(|bytes| T::decode(&mut &bytes[..]).expect("custom datum decodes"))
    }

    /// `InstrumentManager::custom_data` as the bytes it returns (what a front-end gets).
    pub fn custom_bytes(
        self,
        chain: &mut Chain,
        issuance_id: IssuanceId,
        name: Name,
    ) -> Result<Vec<u8>, ManagerError> {
        chain.read(self.calls().call_mut().custom_data(issuance_id, name))
    }
}
