//! Platform events in words, for the demo's story and the `nuts` user commands alike: who is
//! named how, and how an amount reads, is the caller's ([`Names`]).

use client::ContractEvent;
use ink::{env::Event, scale::Decode};
use traits::{
    events::{
        AssetTransferred, Deposited, EngagementClosed, EngagementCreated, EngagementUpdated,
        EventProcessed, EventScheduled, EventUnscheduled, InstrumentActivated,
        InstrumentDeactivated, IssuanceClosed, IssuanceCreated, IssuanceUpdated, Moved, Withdrawn,
    },
    AccountId, Asset, Balance, IssuanceId, Timestamp, TransferKind,
};

/// How a teller names accounts, amounts and times.
pub trait Names {
    /// An account (a person's name, a contract's role, or its address).
    fn name(&self, account: AccountId) -> String;
    /// `amount` of `asset` (raw units and a name, or in the token's own decimals and symbol).
    fn amount(&self, asset: Asset, amount: Balance) -> String;
    /// A block time.
    fn time(&self, time: Timestamp) -> String;
    /// An amount of the NUTS token (the registry's deposits).
    fn nuts(&self, amount: Balance) -> String;
}

fn decode<E: Event + Decode>(event: &ContractEvent) -> Option<E> {
    event.decode::<E>()
}

/// A platform event in words; other events (PSP22 transfers, approvals) are left out.
pub fn describe(names: &impl Names, event: &ContractEvent) -> Option<String> {
    if let Some(e) = decode::<InstrumentActivated>(event) {
        return Some(format!(
            "InstrumentActivated id {} ({:?}) by {}",
            e.instrument_id,
            e.version,
            names.name(e.fsp)
        ));
    }
    if let Some(e) = decode::<InstrumentDeactivated>(event) {
        return Some(format!(
            "InstrumentDeactivated id {} by {}, {} burned",
            e.instrument_id,
            names.name(e.by),
            names.nuts(e.burned)
        ));
    }
    if let Some(e) = decode::<IssuanceCreated>(event) {
        return Some(format!(
            "IssuanceCreated {} by {}",
            e.issuance_id,
            names.name(e.maker)
        ));
    }
    if let Some(e) = decode::<IssuanceUpdated>(event) {
        let done = e.completion_ratio.basis_points();
        return Some(format!(
            "IssuanceUpdated {} -> {:?} ({}.{:02}% complete)",
            e.issuance_id,
            e.state,
            done / 100,
            done % 100
        ));
    }
    if let Some(e) = decode::<EngagementCreated>(event) {
        return Some(format!(
            "EngagementCreated {}/{} by {}",
            e.issuance_id,
            e.engagement_id,
            names.name(e.taker)
        ));
    }
    if let Some(e) = decode::<EngagementUpdated>(event) {
        return Some(format!(
            "EngagementUpdated {}/{} -> {:?}",
            e.issuance_id, e.engagement_id, e.state
        ));
    }
    if let Some(e) = decode::<AssetTransferred>(event) {
        // Which escrow the amount leaves and which it enters, named by the Outcome's kind.
        let (out_of, into) = match e.kind {
            TransferKind::Inbound => ("instrument escrow", "issuance escrow"),
            TransferKind::Outbound => ("issuance escrow", "instrument escrow"),
            TransferKind::IntraInstrument => ("instrument escrow", "instrument escrow"),
            TransferKind::IntraIssuance => ("issuance escrow", "issuance escrow"),
        };
        return Some(format!(
            "AssetTransferred {:?}: {} of {} in the {out_of} to {} in the {into}",
            e.kind,
            names.amount(e.asset, e.amount),
            names.name(e.from),
            names.name(e.to),
        ));
    }
    if let Some(e) = decode::<IssuanceClosed>(event) {
        let data = if e.data_closed { "freed" } else { "kept" };
        return Some(format!(
            "IssuanceClosed {} by {}, data {data}",
            e.issuance_id,
            names.name(e.maker)
        ));
    }
    if let Some(e) = decode::<EngagementClosed>(event) {
        return Some(format!(
            "EngagementClosed {}/{} by {}",
            e.issuance_id,
            e.engagement_id,
            names.name(e.taker)
        ));
    }
    if let Some(e) = decode::<EventScheduled>(event) {
        return Some(format!(
            "EventScheduled {:?} of issuance {} at {}",
            e.key.name,
            e.issuance_id,
            names.time(e.due)
        ));
    }
    if let Some(e) = decode::<EventUnscheduled>(event) {
        return Some(format!(
            "EventUnscheduled {:?} of issuance {}",
            e.key.name, e.issuance_id
        ));
    }
    if let Some(e) = decode::<EventProcessed>(event) {
        return Some(format!(
            "EventProcessed {:?} of issuance {} by {}",
            e.name,
            e.issuance_id,
            names.name(e.by)
        ));
    }
    if let Some(e) = decode::<Deposited>(event) {
        return Some(format!(
            "Deposited {} for {} in {}",
            names.amount(e.asset, e.amount),
            names.name(e.account),
            names.name(event.contract)
        ));
    }
    if let Some(e) = decode::<Withdrawn>(event) {
        return Some(format!(
            "Withdrawn {} of {} from {}",
            names.amount(e.asset, e.amount),
            names.name(e.account),
            names.name(event.contract)
        ));
    }
    if let Some(e) = decode::<Moved>(event) {
        return Some(format!(
            "Moved {} {} -> {} in {}",
            names.amount(e.asset, e.amount),
            names.name(e.from),
            names.name(e.to),
            names.name(event.contract)
        ));
    }
    None
}

/// The issuance a manager's event is about, if it is about one.
pub fn issuance_of(event: &ContractEvent) -> Option<IssuanceId> {
    decode::<IssuanceCreated>(event)
        .map(|e| e.issuance_id)
        .or_else(|| decode::<IssuanceUpdated>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<EngagementCreated>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<EngagementUpdated>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<AssetTransferred>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<IssuanceClosed>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<EngagementClosed>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<EventScheduled>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<EventUnscheduled>(event).map(|e| e.issuance_id))
        .or_else(|| decode::<EventProcessed>(event).map(|e| e.issuance_id))
}
