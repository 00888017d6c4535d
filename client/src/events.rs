//! Contract events: what a call emitted, decoded into the `traits` crate's typed events, and
//! what they add up to.

use ink::{env::Event, scale::Decode};
use traits::{events::AssetTransferred, AccountId, Asset, TransferKind};

/// One event a contract emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractEvent {
    /// The contract that emitted it.
    pub contract: AccountId,
    /// Its topics; the first one is the event's signature.
    pub topics: Vec<[u8; 32]>,
    /// Its SCALE-encoded fields.
    pub data: Vec<u8>,
}

impl ContractEvent {
    /// The event decoded as `E`, if it is an `E`.
    pub fn decode<E: Event + Decode>(&self) -> Option<E> {
        let signature = E::SIGNATURE_TOPIC?;
        if self.topics.first() != Some(&signature) {
            return None;
        }
        E::decode(&mut &self.data[..]).ok()
    }
}

/// Token moves in `events` that a bare transfer would also make: Outcome transfers of tokens
/// between the two escrows (moves inside one escrow are bookkeeping), plus a user's own deposit
/// or withdrawal of tokens when `portal` (an `InstrumentEscrow` call).
pub fn token_moves(events: &[ContractEvent], portal: Option<Asset>) -> u32 {
    let crossing = events
        .iter()
        .filter_map(|event| event.decode::<AssetTransferred>())
        .filter(|t| matches!(t.kind, TransferKind::Inbound | TransferKind::Outbound))
        .filter(|t| matches!(t.asset, Asset::Token(_)))
        .count();
    let own = u32::from(matches!(portal, Some(Asset::Token(_))));
    u32::try_from(crossing).unwrap_or(u32::MAX) + own
}
