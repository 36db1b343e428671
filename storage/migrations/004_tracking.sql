-- Track & trace: the provider a shipment is registered with and its id there (AfterShip's
-- tracking id), and when its status was true, so a late webhook with older news never moves a
-- status back.
ALTER TABLE shipments
  ADD COLUMN provider text,
  ADD COLUMN provider_ref text,
  ADD COLUMN status_at timestamptz;
